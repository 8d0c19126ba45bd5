/** The entry envelope on the wire: a versioned binary header plus the codec's payload. */
package io.caskade.wire;
