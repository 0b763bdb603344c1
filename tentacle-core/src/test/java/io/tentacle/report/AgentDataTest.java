package io.tentacle.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class AgentDataTest {
    static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 22, 10, 15, 0, 0, ZoneId.of("UTC"));

    /** Parses with the JDK's standard parser: a malformed or non-UTF-8 file throws. */
    static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    /** The modules as name -> [type, data], each checked to have exactly one name, type and data. */
    static Map<String, List<String>> modules(Document doc) {
        Map<String, List<String>> modules = new TreeMap<>();
        NodeList list = doc.getDocumentElement().getElementsByTagName("module");
        for (int i = 0; i < list.getLength(); i++) {
            Element m = (Element) list.item(i);
            for (String tag : List.of("name", "type", "data")) {
                assertThat(m.getElementsByTagName(tag).getLength())
                        .as("<%s> in module %d", tag, i)
                        .isEqualTo(1);
            }
            String name = m.getElementsByTagName("name").item(0).getTextContent();
            List<String> previous = modules.put(
                    name,
                    List.of(
                            m.getElementsByTagName("type").item(0).getTextContent(),
                            m.getElementsByTagName("data").item(0).getTextContent()));
            assertThat(previous).as("module %s appears once", name).isNull();
        }
        return modules;
    }

    @Test
    void wellFormedWithTheAttributesTheDataServerReads() throws Exception {
        AgentData data = new AgentData("site-1", 300, "tentacle-server 1.0", NOW, "Tentacle server")
                .number("Files received", 12, "files", "Files stored")
                .counter("Bytes received total", 4096, "bytes", null)
                .upDown("Reachable 10.0.0.1:41121", false, null)
                .text("Version", "tentacle-server 1.0", null)
                .event("Last error 10.0.0.1:41121", "connection refused", null);

        Document doc = parse(data.toXml());

        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("agent_data");
        assertThat(root.getAttribute("agent_name")).isEqualTo("site-1");
        assertThat(root.getAttribute("interval")).isEqualTo("300");
        assertThat(root.getAttribute("version")).isEqualTo("tentacle-server 1.0");
        assertThat(root.getAttribute("timestamp")).isEqualTo("2026/11/22 10:15:00");
        assertThat(root.hasAttribute("server_name"))
                .as("would be read as a server's own report")
                .isFalse();
        assertThat(modules(doc))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "Files received", List.of("generic_data", "12"),
                        "Bytes received total", List.of("generic_data_inc", "4096"),
                        "Reachable 10.0.0.1:41121", List.of("generic_proc", "0"),
                        "Version", List.of("generic_data_string", "tentacle-server 1.0"),
                        "Last error 10.0.0.1:41121", List.of("async_string", "connection refused")));
        assertThat(((Element) root.getElementsByTagName("module").item(0))
                        .getElementsByTagName("unit")
                        .item(0)
                        .getTextContent())
                .isEqualTo("files");
    }

    @Test
    void hostileNamesAndErrorTextsComeOutEscaped() throws Exception {
        String agent = "site <A&B> 'quoted' \"too\"";
        String error = "remote said: ]]><injected/>\u0001\u001b[31m\r\nforged\uFFFF\uD800 end";
        AgentData data = new AgentData(agent, 5, "v", NOW, null).event("Last error <x>&]]>", error, null);

        byte[] xml = data.toXml();
        Document doc = parse(xml);

        assertThat(doc.getDocumentElement().getAttribute("agent_name")).isEqualTo(agent);
        assertThat(doc.getDocumentElement().getElementsByTagName("injected").getLength())
                .isZero();
        Map<String, List<String>> modules = modules(doc);
        assertThat(modules).containsOnlyKeys("Last error <x>&]]>");
        assertThat(modules.get("Last error <x>&]]>").get(1))
                .isEqualTo("remote said: ]]><injected/>\\x01\\x1b[31m\\x0d\\x0aforged\\uffff\\ud800 end");
        assertThat(new String(xml, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8))
                .isEqualTo(xml);
    }

    @Test
    void fileKeysAreSafeNames() {
        assertThat(AgentData.fileKey("site-1_a")).isEqualTo("site-1_a");
        assertThat(AgentData.fileKey("site <A&B>/../x")).isEqualTo("site__A_B_____x");
        assertThat(AgentData.fileKey("señal")).isEqualTo("se_al");
    }

    @Test
    void everyModuleOfAThousandRemotesStaysOneModule() throws Exception {
        AgentData data = new AgentData("big", 5, "v", NOW, null);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            names.add("Files pulled 10.0." + (i / 256) + "." + (i % 256) + ":41121");
            data.number(names.get(i), i, null, null);
        }
        assertThat(modules(parse(data.toXml()))).containsOnlyKeys(names);
    }
}
