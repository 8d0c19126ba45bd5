/** How values become bytes: the {@link io.caskade.codec.Codec} SPI and its JSON, bytes and string codecs. */
package io.caskade.codec;
