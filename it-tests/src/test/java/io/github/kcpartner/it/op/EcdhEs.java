package io.github.kcpartner.it.op;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/** ECDH-ES key agreement with the Concat KDF (RFC 7518 section 4.6), JDK only, for the test's JWE checks. */
final class EcdhEs {

  private EcdhEs() {}

  /**
   * @param header the JWE protected header (with {@code epk}, optional {@code apu}/{@code apv})
   * @param algorithmId {@code enc} for direct ECDH-ES, {@code alg} for ECDH-ES+A*KW
   * @param keyLength bytes to derive
   */
  static byte[] agree(JsonNode header, ECPrivateKey key, String algorithmId, int keyLength) throws GeneralSecurityException {
    JsonNode epk = header.get("epk");
    ECPoint point = new ECPoint(new BigInteger(1, Jose.b64(epk.get("x").asText())), new BigInteger(1, Jose.b64(epk.get("y").asText())));
    var ephemeral = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, key.getParams()));
    KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
    agreement.init(key);
    agreement.doPhase(ephemeral, true);
    byte[] z = agreement.generateSecret();

    ByteArrayOutputStream otherInfo = new ByteArrayOutputStream();
    lengthPrefixed(otherInfo, algorithmId.getBytes(StandardCharsets.US_ASCII));
    lengthPrefixed(otherInfo, header.has("apu") ? Jose.b64(header.get("apu").asText()) : new byte[0]);
    lengthPrefixed(otherInfo, header.has("apv") ? Jose.b64(header.get("apv").asText()) : new byte[0]);
    otherInfo.writeBytes(ByteBuffer.allocate(4).putInt(keyLength * 8).array());

    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    ByteArrayOutputStream derived = new ByteArrayOutputStream();
    for (int counter = 1; derived.size() < keyLength; counter++) {
      sha256.update(ByteBuffer.allocate(4).putInt(counter).array());
      sha256.update(z);
      sha256.update(otherInfo.toByteArray());
      derived.writeBytes(sha256.digest());
    }
    return Arrays.copyOf(derived.toByteArray(), keyLength);
  }

  private static void lengthPrefixed(ByteArrayOutputStream out, byte[] value) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
    out.writeBytes(value);
  }
}
