package dev.miyu.system;

import dev.miyu.events.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Renders each overlay with `kubectl kustomize` and checks the objects an operator would deploy. */
class KubernetesManifestsTest {

    static final Path ROOT = Path.of(System.getProperty("miyu.root", "..")).toAbsolutePath().normalize();
    static final List<String> SERVICES = List.of("auth-service", "key-service", "friend-service", "presence-service",
            "relay-service", "gateway");
    static final Pattern DEFAULT_PORT = Pattern.compile("\\$\\{[A-Z_]+:(\\d+)}");

    static Map<String, Integer> configuredPorts = new java.util.HashMap<>();
    static Set<String> topicsUsedByCode = new HashSet<>(Topics.ALL);

    @BeforeAll
    static void readServiceConfiguration() throws IOException {
        for (String service : SERVICES) {
            Properties props = new Properties();
            try (var in = Files.newBufferedReader(ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
                props.load(in);
            }
            Matcher port = DEFAULT_PORT.matcher(props.getProperty("quarkus.http.port", ""));
            assertTrue(port.matches(), service + " must declare quarkus.http.port as ${VAR:port}");
            configuredPorts.put(service, Integer.parseInt(port.group(1)));
            props.stringPropertyNames().stream()
                    .filter(k -> k.startsWith("mp.messaging.") && k.endsWith(".topic"))
                    .map(props::getProperty)
                    .filter(t -> t.startsWith("miyu."))
                    .forEach(topicsUsedByCode::add);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayRendersACompleteHardenedDeployment(String overlay) throws Exception {
        List<Map<String, Object>> objects = render(overlay);
        List<Map<String, Object>> deployments = ofKind(objects, "Deployment");
        Set<String> names = new HashSet<>();
        for (Map<String, Object> deployment : deployments) {
            String name = name(deployment);
            names.add(name);
            Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
            Map<String, Object> podSecurity = map(pod, "securityContext");
            assertEquals(Boolean.TRUE, podSecurity.get("runAsNonRoot"), name + " runs as non-root");
            for (Map<String, Object> container : list(pod, "containers")) {
                String where = overlay + "/" + name;
                assertNotNull(container.get("livenessProbe"), where + " has a liveness probe");
                assertNotNull(container.get("readinessProbe"), where + " has a readiness probe");
                Map<String, Object> resources = map(container, "resources");
                assertNotNull(map(resources, "limits").get("memory"), where + " has a memory limit");
                assertNotNull(map(resources, "requests").get("cpu"), where + " has a cpu request");
                Map<String, Object> security = map(container, "securityContext");
                assertEquals(Boolean.TRUE, security.get("readOnlyRootFilesystem"), where + " has a read-only root");
                assertEquals(Boolean.FALSE, security.get("allowPrivilegeEscalation"), where + " cannot escalate");
                if (SERVICES.contains(name)) {
                    int port = (Integer) list(container, "ports").get(0).get("containerPort");
                    assertEquals(configuredPorts.get(name), port, where + " container port matches application.properties");
                    assertEquals("/q/health/ready", map(map(container, "readinessProbe"), "httpGet").get("path"));
                    assertEquals("/q/health/live", map(map(container, "livenessProbe"), "httpGet").get("path"));
                }
            }
        }
        assertTrue(names.containsAll(SERVICES), overlay + " deploys every service: " + names);

        for (Map<String, Object> service : ofKind(objects, "Service")) {
            Map<String, Object> selector = map(map(service, "spec"), "selector");
            boolean selectsPods = Stream.concat(deployments.stream(), ofKind(objects, "StatefulSet").stream())
                    .map(d -> map(map(map(map(d, "spec"), "template"), "metadata"), "labels"))
                    .anyMatch(labels -> labels.entrySet().containsAll(selector.entrySet()));
            assertTrue(selectsPods, overlay + ": Service " + name(service) + " selects no pods");
        }

        List<Map<String, Object>> ingresses = ofKind(objects, "Ingress");
        assertEquals(1, ingresses.size(), "only the gateway is exposed");
        assertTrue(ingresses.get(0).toString().contains("name=gateway"), "the ingress routes to the gateway");

        Set<Object> declaredTopics = new HashSet<>();
        ofKind(objects, "KafkaTopic").forEach(t -> declaredTopics.add(map(t, "spec").get("topicName")));
        for (String topic : topicsUsedByCode) {
            assertTrue(declaredTopics.contains(topic), overlay + " declares a KafkaTopic for " + topic);
        }
        assertFalse(ofKind(objects, "NetworkPolicy").isEmpty(), overlay + " has network policies");
        assertFalse(ofKind(objects, "PrometheusRule").isEmpty(), overlay + " ships the alert rules");
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod"})
    void productionRunsTwoOfEverythingWithReplicatedTopics(String overlay) throws Exception {
        List<Map<String, Object>> objects = render(overlay);
        for (Map<String, Object> deployment : ofKind(objects, "Deployment")) {
            assertTrue((Integer) map(deployment, "spec").get("replicas") >= 2, name(deployment) + " has >= 2 replicas");
        }
        Set<String> budgets = new HashSet<>();
        for (Map<String, Object> pdb : ofKind(objects, "PodDisruptionBudget")) {
            budgets.add(name(pdb));
        }
        assertTrue(budgets.containsAll(SERVICES), "every service has a PodDisruptionBudget: " + budgets);
        for (Map<String, Object> topic : ofKind(objects, "KafkaTopic")) {
            assertEquals(3, map(topic, "spec").get("replicas"), name(topic) + " replication");
        }
        assertTrue(ofKind(objects, "StatefulSet").isEmpty(), "production uses an external database");
        assertFalse(objects.stream().anyMatch(o -> "Secret".equals(o.get("kind"))), "production secrets are not in git");
    }

    private static List<Map<String, Object>> render(String overlay) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kubectl", "kustomize", ROOT.resolve("deploy/k8s/overlays").resolve(overlay).toString())
                .redirectErrorStream(true).start();
        String yaml = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize finished");
        assertEquals(0, p.exitValue(), "kubectl kustomize " + overlay + " failed:\n" + yaml);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object doc : new Yaml(new LoaderOptions()).loadAll(yaml)) {
            if (doc != null) {
                objects.add(cast(doc));
            }
        }
        return objects;
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    private static String name(Map<String, Object> object) {
        return (String) map(object, "metadata").get("name");
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : cast(value);
    }

    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? List.of() : cast(value);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
