package io.github.kcpartner.broker.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StsMessagesTest {

    private static final StsUniversalUser ALICE = new StsUniversalUser(
            "alice",
            Map.of("email", List.of("alice@partner.example"), "groups", List.of("a", "b")),
            Map.of("partner", List.of("p")));

    @Test
    @DisplayName("given a user, then the STSUniversalUser document reads back the same principal and attributes")
    void xmlRoundTrip() {
        String xml = ALICE.toXml();

        StsUniversalUser read = StsUniversalUser.find(SafeXml.parse(xml.getBytes(StandardCharsets.UTF_8)));

        assertThat(xml)
                .contains(
                        "urn:ibm:names:ITFIM:1.0:stsuuser",
                        "<stsuuser:Principal>",
                        "<stsuuser:AttributeList>",
                        "<stsuuser:ContextAttributes>");
        assertThat(read).isEqualTo(ALICE);
    }

    @Test
    @DisplayName("given the WS-Trust format, then the user travels as the Base of a Validate RequestSecurityToken")
    void wsTrustRequest() {
        String envelope = WsTrust.request(ALICE, "partner-a");

        assertThat(envelope)
                .contains(
                        "http://schemas.xmlsoap.org/soap/envelope/",
                        "wst:RequestSecurityToken",
                        "http://docs.oasis-open.org/ws-sx/ws-trust/200512/Validate",
                        "<wst:Base>",
                        "partner-a");
        assertThat(StsUniversalUser.find(SafeXml.parse(envelope.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(ALICE);
    }

    @Test
    @DisplayName("given a WS-Trust answer, then the mapped user comes from RequestedSecurityToken; a fault is refused")
    void wsTrustResponse() {
        String answer = "<s:Envelope xmlns:s=\"" + WsTrust.SOAP
                + "\"><s:Body><t:RequestSecurityTokenResponseCollection xmlns:t=\""
                + WsTrust.WST + "\"><t:RequestSecurityTokenResponse><t:RequestedSecurityToken>"
                + new StsUniversalUser("mapped", Map.of("role", List.of("r")), Map.of())
                        .toXml()
                        .replaceFirst("<\\?xml[^>]*\\?>", "")
                + "</t:RequestedSecurityToken></t:RequestSecurityTokenResponse></t:RequestSecurityTokenResponseCollection>"
                + "</s:Body></s:Envelope>";
        String fault = "<s:Envelope xmlns:s=\"" + WsTrust.SOAP + "\"><s:Body><s:Fault><faultcode>s:Server</faultcode>"
                + "</s:Fault></s:Body></s:Envelope>";

        StsUniversalUser mapped = WsTrust.response(SafeXml.parse(answer.getBytes(StandardCharsets.UTF_8)));

        assertThat(mapped.principal()).isEqualTo("mapped");
        assertThat(mapped.attributes()).containsEntry("role", List.of("r"));
        assertThat(WsTrust.faultCode(fault.getBytes(StandardCharsets.UTF_8))).isEqualTo("s:Server");
        assertThat(WsTrust.faultCode(answer.getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(WsTrust.faultCode("not xml".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThatThrownBy(() -> WsTrust.response(SafeXml.parse(fault.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("SOAP fault (s:Server)");
    }

    @Test
    @DisplayName(
            "given a DOCTYPE (entity expansion, external entity), then the answer is refused before any entity is read")
    void hostileXmlRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<stsuuser:STSUniversalUser xmlns:stsuuser=\"urn:ibm:names:ITFIM:1.0:stsuuser\">&x;</stsuuser:STSUniversalUser>";
        assertThatThrownBy(() -> SafeXml.parse(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    @DisplayName("given an answer without a principal, then it is refused")
    void noPrincipal() {
        String xml =
                "<u:STSUniversalUser xmlns:u=\"urn:ibm:names:ITFIM:1.0:stsuuser\"><u:Principal/></u:STSUniversalUser>";
        assertThatThrownBy(() -> StsUniversalUser.find(SafeXml.parse(xml.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("no principal");
    }

    @Test
    @DisplayName("given claims of every kind, then attributes hold text, one value per list element, objects as JSON")
    void claimValues() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("email", "a@b");
        claims.put("groups", List.of("x", "y"));
        claims.put("address", Map.of("country", "US"));
        claims.put("verified", true);
        Map<String, List<String>> into = new LinkedHashMap<>();

        ClaimValues.flatten(claims, into);

        assertThat(into)
                .containsEntry("email", List.of("a@b"))
                .containsEntry("groups", List.of("x", "y"))
                .containsEntry("address", List.of("{\"country\":\"US\"}"))
                .containsEntry("verified", List.of("true"));
    }
}
