package io.caskade.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {

  record User(long id, String name, List<String> roles) {}

  @Test
  void jacksonRoundTripsTheDeclaredType() {
    JacksonCodec<User> codec = JacksonCodec.of(User.class);
    User u = new User(42, "Ada", List.of("admin"));
    assertThat(codec.decode(codec.encode(u))).isEqualTo(u);
  }

  @Test
  void jacksonRoundTripsGenericTypes() {
    JacksonCodec<List<User>> codec = JacksonCodec.of(new ObjectMapper(), new TypeReference<>() {});
    List<User> users = List.of(new User(1, "a", List.of()), new User(2, "b", List.of("x")));
    assertThat(codec.decode(codec.encode(users))).isEqualTo(users);
  }

  @Test
  @SuppressWarnings("deprecation") // EVERYTHING: the riskiest setting on purpose
  void jacksonWritesNoTypeInformationEvenWhenTheMapperHadDefaultTyping() {
    ObjectMapper risky = new ObjectMapper();
    risky.activateDefaultTyping(BasicPolymorphicTypeValidator.builder()
        .allowIfBaseType(Object.class).build(), ObjectMapper.DefaultTyping.EVERYTHING);
    JacksonCodec<User> codec = JacksonCodec.of(risky, User.class);
    String json = new String(codec.encode(new User(1, "a", List.of())), StandardCharsets.UTF_8);
    assertThat(json).doesNotContain("User").doesNotContain("@class").startsWith("{");
  }

  @Test
  void jacksonRejectsForeignBytes() {
    JacksonCodec<User> codec = JacksonCodec.of(User.class);
    assertThatThrownBy(() -> codec.decode("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> codec.decode("{\"id\":1} trailing".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> codec.decode("null".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> codec.decode(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5}))
        .as("Java serialization stream").isInstanceOf(CodecException.class);
  }

  @Test
  void bytesAndStringsRoundTrip() {
    byte[] raw = {0, 1, (byte) 0xFF};
    assertThat(ByteArrayCodec.instance().decode(ByteArrayCodec.instance().encode(raw)))
        .containsExactly(raw);
    StringCodec s = StringCodec.utf8();
    assertThat(s.decode(s.encode("grüße ✓"))).isEqualTo("grüße ✓");
    assertThatThrownBy(() -> s.decode(new byte[] {(byte) 0xC3, (byte) 0x28}))
        .isInstanceOf(CodecException.class);
  }
}
