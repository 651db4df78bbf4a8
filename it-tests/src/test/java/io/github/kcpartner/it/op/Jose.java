package io.github.kcpartner.it.op;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Just enough JOSE for the peer's own test, with the JDK only: read JWS/JWE headers, check HS
 * signatures, and decrypt the JWE variants the test uses. Symmetric keys are derived from the
 * client secret the way oidc-provider does it (OIDC Core 10.2): the left-most bytes of
 * SHA-256/384/512(secret) for keys of up to 32/48/64 bytes.
 */
final class Jose {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Base64.Decoder B64 = Base64.getUrlDecoder();
  private static final Base64.Encoder B64_OUT = Base64.getUrlEncoder().withoutPadding();

  private Jose() {}

  static JsonNode header(String compact) {
    return json(B64.decode(compact.substring(0, compact.indexOf('.'))));
  }

  static JsonNode payload(String jws) {
    return json(B64.decode(jws.split("\\.")[1]));
  }

  static boolean isJwe(String compact) {
    return compact.split("\\.", -1).length == 5;
  }

  /** Verifies an HS256/384/512 JWS keyed with the raw client secret. */
  static boolean verifyHmac(String jws, String secret) throws GeneralSecurityException {
    String alg = header(jws).get("alg").asText();
    String macAlg = "Hmac" + alg.replace("HS", "SHA");
    Mac mac = Mac.getInstance(macAlg);
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), macAlg));
    int lastDot = jws.lastIndexOf('.');
    byte[] expected = mac.doFinal(jws.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
    return MessageDigest.isEqual(expected, B64.decode(jws.substring(lastDot + 1)));
  }

  /** Decrypts a compact JWE made with a key from the client secret (dir, A*KW, A*GCMKW). */
  static String decrypt(String jwe, String clientSecret) throws GeneralSecurityException {
    return decrypt(jwe, clientSecret, null, null);
  }

  /**
   * Decrypts a compact JWE: alg dir, A*KW, A*GCMKW (client secret), RSA-OAEP(-256/384/512) (RSA
   * key), ECDH-ES(+A*KW) (EC key); enc A*GCM or A*CBC-HS*.
   */
  static String decrypt(String jwe, String clientSecret, PrivateKey rsaKey, ECPrivateKey ecKey)
      throws GeneralSecurityException {
    String[] parts = jwe.split("\\.", -1);
    JsonNode header = json(B64.decode(parts[0]));
    String alg = header.get("alg").asText();
    String enc = header.get("enc").asText();
    byte[] encryptedKey = B64.decode(parts[1]);
    byte[] cek;
    if ("dir".equals(alg)) {
      cek = derive(clientSecret, contentKeyLength(enc));
    } else if (alg.matches("A\\d{3}KW")) {
      cek = unwrap(derive(clientSecret, Integer.parseInt(alg.substring(1, 4)) / 8), encryptedKey);
    } else if (alg.matches("A\\d{3}GCMKW")) {
      byte[] kek = derive(clientSecret, Integer.parseInt(alg.substring(1, 4)) / 8);
      cek = gcm(kek, B64.decode(header.get("iv").asText()), new byte[0], encryptedKey, B64.decode(header.get("tag").asText()));
    } else if (alg.startsWith("RSA-OAEP")) {
      cek = rsaOaep(alg, rsaKey, encryptedKey);
    } else if ("ECDH-ES".equals(alg)) {
      cek = EcdhEs.agree(header, ecKey, enc, contentKeyLength(enc));
    } else if (alg.startsWith("ECDH-ES+")) {
      cek = unwrap(EcdhEs.agree(header, ecKey, alg, Integer.parseInt(alg.substring(9, 12)) / 8), encryptedKey);
    } else {
      throw new IllegalArgumentException("test helper cannot decrypt alg " + alg);
    }
    byte[] aad = parts[0].getBytes(StandardCharsets.US_ASCII);
    byte[] iv = B64.decode(parts[2]);
    byte[] ciphertext = B64.decode(parts[3]);
    byte[] tag = B64.decode(parts[4]);
    byte[] plain = enc.endsWith("GCM") ? gcm(cek, iv, aad, ciphertext, tag) : cbcHmac(enc, cek, iv, aad, ciphertext, tag);
    return new String(plain, StandardCharsets.UTF_8);
  }

  static int contentKeyLength(String enc) {
    return enc.endsWith("GCM") ? Integer.parseInt(enc.substring(1, 4)) / 8 : Integer.parseInt(enc.substring(enc.length() - 3)) / 8;
  }

  static byte[] derive(String secret, int length) throws GeneralSecurityException {
    String digest = length <= 32 ? "SHA-256" : length <= 48 ? "SHA-384" : "SHA-512";
    byte[] hash = MessageDigest.getInstance(digest).digest(secret.getBytes(StandardCharsets.UTF_8));
    return Arrays.copyOf(hash, length);
  }

  static byte[] b64(String value) {
    return B64.decode(value);
  }

  private static byte[] unwrap(byte[] kek, byte[] wrapped) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AESWrap");
    cipher.init(Cipher.UNWRAP_MODE, new SecretKeySpec(kek, "AES"));
    return cipher.unwrap(wrapped, "AES", Cipher.SECRET_KEY).getEncoded();
  }

  private static byte[] rsaOaep(String alg, PrivateKey key, byte[] encryptedKey) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
    OAEPParameterSpec spec = switch (alg) {
      case "RSA-OAEP" -> new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);
      case "RSA-OAEP-256" -> new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
      case "RSA-OAEP-384" -> new OAEPParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, PSource.PSpecified.DEFAULT);
      case "RSA-OAEP-512" -> new OAEPParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, PSource.PSpecified.DEFAULT);
      default -> throw new IllegalArgumentException(alg);
    };
    cipher.init(Cipher.DECRYPT_MODE, key, spec);
    return cipher.doFinal(encryptedKey);
  }

  private static byte[] gcm(byte[] cek, byte[] iv, byte[] aad, byte[] ciphertext, byte[] tag) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, iv));
    cipher.updateAAD(aad);
    cipher.update(ciphertext);
    return cipher.doFinal(tag);
  }

  private static byte[] cbcHmac(String enc, byte[] cek, byte[] iv, byte[] aad, byte[] ciphertext, byte[] tag)
      throws GeneralSecurityException {
    int half = cek.length / 2;
    String macAlg = "HmacSHA" + enc.substring(enc.length() - 3);
    Mac mac = Mac.getInstance(macAlg);
    mac.init(new SecretKeySpec(Arrays.copyOfRange(cek, 0, half), macAlg));
    mac.update(aad);
    mac.update(iv);
    mac.update(ciphertext);
    mac.update(ByteBuffer.allocate(8).putLong(aad.length * 8L).array());
    if (!MessageDigest.isEqual(Arrays.copyOf(mac.doFinal(), half), tag)) {
      throw new GeneralSecurityException("JWE authentication tag mismatch");
    }
    Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Arrays.copyOfRange(cek, half, cek.length), "AES"), new IvParameterSpec(iv));
    return cipher.doFinal(ciphertext);
  }

  /** Public JWK of an RSA encryption key ({@code alg} null: any RSA-OAEP variant). */
  static Map<String, Object> publicJwk(RSAPublicKey key, String kid, String alg) {
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "RSA");
    jwk.put("kid", kid);
    jwk.put("use", "enc");
    if (alg != null) {
      jwk.put("alg", alg);
    }
    jwk.put("n", B64_OUT.encodeToString(unsigned(key.getModulus(), 0)));
    jwk.put("e", B64_OUT.encodeToString(unsigned(key.getPublicExponent(), 0)));
    return jwk;
  }

  /** Public JWK of a P-256 encryption key ({@code alg} null: any ECDH-ES variant). */
  static Map<String, Object> publicJwk(ECPublicKey key, String kid, String alg) {
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "EC");
    jwk.put("kid", kid);
    jwk.put("use", "enc");
    if (alg != null) {
      jwk.put("alg", alg);
    }
    jwk.put("crv", "P-256");
    jwk.put("x", B64_OUT.encodeToString(unsigned(key.getW().getAffineX(), 32)));
    jwk.put("y", B64_OUT.encodeToString(unsigned(key.getW().getAffineY(), 32)));
    return jwk;
  }

  private static byte[] unsigned(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (length > bytes.length) {
      byte[] padded = new byte[length];
      System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
      return padded;
    }
    return bytes;
  }

  private static JsonNode json(byte[] bytes) {
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
