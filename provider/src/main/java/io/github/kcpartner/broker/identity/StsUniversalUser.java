package io.github.kcpartner.broker.identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * IBM's STSUniversalUser document: the principal (its {@code name} attribute), the attribute
 * list, and context attributes. Built for the request and read from the answer.
 *
 * @param principal  the principal name
 * @param attributes the attribute list, name to values, in document order
 * @param context    the context attributes, name to values
 */
record StsUniversalUser(String principal, Map<String, List<String>> attributes, Map<String, List<String>> context) {

    static final String NS = "urn:ibm:names:ITFIM:1.0:stsuuser";
    static final String ROOT = "STSUniversalUser";
    static final String CLAIM_TYPE = "urn:ibm:names:ITFIM:oidc:claim:value";
    private static final String PRINCIPAL_TYPE = "urn:ibm:names:ITFIM:5.1:accessmanager";

    /** Appends this user as an {@code stsuuser:STSUniversalUser} element to {@code parent}. */
    Element appendTo(Document document, Node parent) {
        Element root = element(document, ROOT);
        root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:stsuuser", NS);
        Element principalElement = element(document, "Principal");
        principalElement.appendChild(attribute(document, "name", PRINCIPAL_TYPE, List.of(principal)));
        root.appendChild(principalElement);
        root.appendChild(list(document, "AttributeList", attributes));
        root.appendChild(list(document, "ContextAttributes", context));
        parent.appendChild(root);
        return root;
    }

    /** The document {@code <stsuuser:STSUniversalUser>} alone, as text. */
    String toXml() {
        Document document = SafeXml.newDocument();
        appendTo(document, document);
        return SafeXml.write(document);
    }

    /**
     * Reads the first STSUniversalUser under {@code scope}.
     *
     * @throws IllegalArgumentException there is none, or it names no principal
     */
    static StsUniversalUser find(Node scope) {
        NodeList found = scope instanceof Document d
                ? d.getElementsByTagNameNS(NS, ROOT)
                : ((Element) scope).getElementsByTagNameNS(NS, ROOT);
        if (found.getLength() == 0) {
            throw new IllegalArgumentException("no STSUniversalUser in the answer");
        }
        Element root = (Element) found.item(0);
        Map<String, List<String>> principal = read(child(root, "Principal"));
        List<String> names = principal.getOrDefault("name", List.of());
        if (names.isEmpty() || names.get(0).isBlank()) {
            throw new IllegalArgumentException("the STSUniversalUser names no principal");
        }
        return new StsUniversalUser(
                names.get(0).trim(), read(child(root, "AttributeList")), read(child(root, "ContextAttributes")));
    }

    private static Element list(Document document, String name, Map<String, List<String>> values) {
        Element list = element(document, name);
        values.forEach((key, vs) -> list.appendChild(attribute(document, key, CLAIM_TYPE, vs)));
        return list;
    }

    private static Element attribute(Document document, String name, String type, List<String> values) {
        Element attribute = element(document, "Attribute");
        attribute.setAttribute("name", name);
        attribute.setAttribute("type", type);
        for (String value : values) {
            Element v = element(document, "Value");
            v.setTextContent(value);
            attribute.appendChild(v);
        }
        return attribute;
    }

    private static Element element(Document document, String local) {
        return document.createElementNS(NS, "stsuuser:" + local);
    }

    private static Element child(Element parent, String local) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && NS.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static Map<String, List<String>> read(Element list) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (list == null) {
            return values;
        }
        for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element a && NS.equals(a.getNamespaceURI()) && "Attribute".equals(a.getLocalName())) {
                List<String> vs = new ArrayList<>();
                NodeList valueNodes = a.getElementsByTagNameNS(NS, "Value");
                for (int i = 0; i < valueNodes.getLength(); i++) {
                    vs.add(valueNodes.item(i).getTextContent());
                }
                values.computeIfAbsent(a.getAttribute("name"), k -> new ArrayList<>())
                        .addAll(vs);
            }
        }
        return values;
    }
}
