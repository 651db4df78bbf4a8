package io.github.kcpartner.broker.identity;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The WS-Trust 1.3 message format: the STSUniversalUser travels as the {@code wst:Base} of a
 * {@code wst:RequestSecurityToken} (request type Validate) in a SOAP 1.1 envelope; the answer's
 * {@code wst:RequestedSecurityToken} holds the mapped STSUniversalUser.
 */
final class WsTrust {

    static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String WST = "http://docs.oasis-open.org/ws-sx/ws-trust/200512";
    static final String VALIDATE = WST + "/Validate";
    static final String SOAP_ACTION = WST + "/RST/Validate";

    private WsTrust() {}

    /** The request envelope around {@code user}, for {@code appliesTo} (the partner). */
    static String request(StsUniversalUser user, String appliesTo) {
        Document document = SafeXml.newDocument();
        Element envelope = document.createElementNS(SOAP, "soapenv:Envelope");
        document.appendChild(envelope);
        envelope.appendChild(document.createElementNS(SOAP, "soapenv:Header"));
        Element body = document.createElementNS(SOAP, "soapenv:Body");
        envelope.appendChild(body);
        Element rst = document.createElementNS(WST, "wst:RequestSecurityToken");
        body.appendChild(rst);
        text(document, rst, "RequestType", VALIDATE);
        text(document, rst, "TokenType", StsUniversalUser.NS);
        Element applies = document.createElementNS("http://www.w3.org/ns/ws-policy", "wsp:AppliesTo");
        Element reference = document.createElementNS("http://www.w3.org/2005/08/addressing", "wsa:EndpointReference");
        Element address = document.createElementNS("http://www.w3.org/2005/08/addressing", "wsa:Address");
        address.setTextContent(appliesTo);
        reference.appendChild(address);
        applies.appendChild(reference);
        rst.appendChild(applies);
        Element base = document.createElementNS(WST, "wst:Base");
        rst.appendChild(base);
        user.appendTo(document, base);
        return SafeXml.write(document);
    }

    /**
     * The mapped user of an answer.
     *
     * @throws IllegalArgumentException a SOAP fault, or no RequestedSecurityToken holding a user
     */
    static StsUniversalUser response(Document answer) {
        NodeList faults = answer.getElementsByTagNameNS(SOAP, "Fault");
        if (faults.getLength() > 0) {
            throw new IllegalArgumentException(
                    "the service answered a SOAP fault (" + code((Element) faults.item(0)) + ")");
        }
        NodeList tokens = answer.getElementsByTagNameNS(WST, "RequestedSecurityToken");
        if (tokens.getLength() == 0) {
            throw new IllegalArgumentException("no RequestedSecurityToken in the answer");
        }
        return StsUniversalUser.find(tokens.item(0));
    }

    /** @return the fault code when {@code answer} is a SOAP fault, else {@code null} */
    static String faultCode(byte[] answer) {
        Document document;
        try {
            document = SafeXml.parse(answer);
        } catch (IllegalArgumentException e) {
            return null;
        }
        NodeList faults = document.getElementsByTagNameNS(SOAP, "Fault");
        return faults.getLength() == 0 ? null : code((Element) faults.item(0));
    }

    private static String code(Element fault) {
        NodeList codes = fault.getElementsByTagName("faultcode");
        return codes.getLength() > 0 ? codes.item(0).getTextContent().trim() : "unknown";
    }

    private static void text(Document document, Element parent, String local, String value) {
        Element e = document.createElementNS(WST, "wst:" + local);
        e.setTextContent(value);
        parent.appendChild(e);
    }
}
