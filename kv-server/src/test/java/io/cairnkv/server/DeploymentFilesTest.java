package io.cairnkv.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cairnkv.client.internal.Endpoint;
import io.cairnkv.server.config.KvServerConfigKeys;
import io.cairnkv.server.testing.ExportedMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The deployment files under {@code deploy/} (no Docker or Kubernetes here, so their content is checked
 * instead of run) agree with the server and with each other: ports, probe paths, data directory, main
 * class, environment variable names, and the metric names of the Grafana dashboard.
 */
@Timeout(30)
class DeploymentFilesTest {
  private static final Path ROOT = repositoryRoot();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ENV_NAME = Pattern.compile("\\bCAIRNKV_[A-Z0-9_]+");
  private static final String MAIN_CLASS = "io.cairnkv.server.KvServerMain";
  /** Variables that are not config keys but may appear in deployment files. */
  private static final Set<String> OTHER_VARIABLES = Set.of("JAVA_OPTS", "JDK_JAVA_OPTIONS");

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("deploy"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no deploy/ directory above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  private static String read(String relative) {
    try {
      return Files.readString(ROOT.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode yaml(String relative) {
    try {
      return YAML.readTree(ROOT.resolve(relative).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(relative, e);
    }
  }

  /** Every document of a multi-document YAML file. */
  private static List<JsonNode> yamlDocuments(String relative) {
    try {
      return YAML.readerFor(JsonNode.class).<JsonNode>readValues(ROOT.resolve(relative).toFile()).readAll();
    } catch (IOException e) {
      throw new UncheckedIOException(relative, e);
    }
  }

  // ---- the facts the files must agree on

  /** Raft port and admin port, as the Dockerfile exposes them: EXPOSE RAFT ADMIN. */
  private static final Dockerfile DOCKER = Dockerfile.parse(read("deploy/docker/Dockerfile"));
  private static final int RAFT_PORT = DOCKER.exposed().get(0);
  private static final int ADMIN_PORT = DOCKER.exposed().get(1);
  private static final String DATA_DIR = DOCKER.env().get("CAIRNKV_DATA_DIR");

  @Test
  void portsAndDataDirectoryAreTheServerDefaults() {
    assertThat(DOCKER.exposed()).hasSize(2);
    assertThat(ADMIN_PORT).as("admin port = raft port + offset, the server's default")
        .isEqualTo(RAFT_PORT + KvServerConfigKeys.ADMIN_PORT_OFFSET);
    assertThat(DATA_DIR).isEqualTo("/var/lib/cairnkv");
  }

  // ---- Dockerfile

  @Test
  void dockerfileBuildsWithTheWrapperAndRunsTheServerAsNonRoot() throws Exception {
    assertThat(DOCKER.instructions("FROM")).hasSize(2);
    assertThat(DOCKER.instructions("FROM").get(0)).contains("17-jdk").endsWith("AS build");
    assertThat(DOCKER.instructions("FROM").get(1)).contains("17-jre");
    assertThat(DOCKER.instructions("RUN")).anySatisfy(run -> assertThat(run).contains("./mvnw").contains("package"));
    assertThat(DOCKER.instructions("COPY")).anySatisfy(c -> assertThat(c).contains("kv-server/target/kv-server.jar"))
        .anySatisfy(c -> assertThat(c).contains("kv-server/target/lib/"));
    assertThat(DOCKER.instructions("VOLUME")).containsExactly("[\"" + DATA_DIR + "\"]");
    String user = DOCKER.instructions("USER").get(DOCKER.instructions("USER").size() - 1);
    assertThat(user).isNotIn("root", "0", "0:0");
    assertThat(DOCKER.instructions("HEALTHCHECK")).singleElement().satisfies(h ->
        assertThat(h).contains("/health").contains(":-" + ADMIN_PORT + "}"));
    JsonNode entrypoint = JSON.readTree(DOCKER.instructions("ENTRYPOINT").get(0));
    assertThat(entrypoint.get(0).asText()).isEqualTo("java");
    assertThat(entrypoint.get(entrypoint.size() - 1).asText()).isEqualTo(MAIN_CLASS);
    assertThat(Class.forName(MAIN_CLASS).getMethod("main", String[].class)).isNotNull();
    // The build stage copies the whole context, so every module of the reactor is there; the
    // .dockerignore keeps build output out but none of what the build needs.
    assertThat(DOCKER.instructions("COPY")).contains(". .");
    List<String> ignored = read("deploy/docker/Dockerfile.dockerignore").lines().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
    assertThat(ignored).contains("**/target/");
    List<String> needed = new ArrayList<>(List.of(".mvn/", "mvnw", "pom.xml"));
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(read("pom.xml"));
    while (module.find()) {
      needed.add(module.group(1) + "/");
    }
    assertThat(needed).contains("kv-server/").allSatisfy(path -> {
      assertThat(Files.exists(ROOT.resolve(path))).as(path).isTrue();
      assertThat(ignored).as("the build needs %s", path).noneMatch(i -> i.equals(path) || path.startsWith(i));
    });
  }

  // ---- docker compose

  @Test
  void composeRunsThreeMembersThatAgreeWithTheImage() {
    JsonNode services = yaml("deploy/docker/compose.yaml").get("services");
    assertThat(services.size()).isEqualTo(3);
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("n1", "n2", "n3");
    for (String name : names) {
      JsonNode s = services.get(name);
      Map<String, String> env = textMap(s.get("environment"));
      assertThat(env.get("CAIRNKV_ID")).isEqualTo(name);
      assertPeers(env.get("CAIRNKV_PEERS"), names, id -> id);
      assertThat(env.get("CAIRNKV_DATA_DIR")).isEqualTo(DATA_DIR);
      assertThat(Integer.parseInt(env.get("CAIRNKV_ADMIN_PORT"))).isEqualTo(ADMIN_PORT);
      assertThat(s.get("volumes").get(0).asText()).isEqualTo(name + "-data:" + DATA_DIR);
      assertThat(yaml("deploy/docker/compose.yaml").get("volumes").has(name + "-data")).isTrue();
      List<String> ports = new ArrayList<>();
      s.get("ports").forEach(p -> ports.add(p.asText()));
      assertThat(ports).hasSize(2).anySatisfy(p -> assertThat(p).endsWith(":" + RAFT_PORT))
          .anySatisfy(p -> assertThat(p).endsWith(":" + ADMIN_PORT));
      String healthcheck = s.get("healthcheck").get("test").toString();
      assertThat(healthcheck).contains("127.0.0.1:" + ADMIN_PORT + "/health");
      JsonNode build = s.get("build");
      assertThat(Files.isRegularFile(Path.of(ROOT.resolve("deploy/docker").resolve(build.get("context").asText())
          .normalize().toString(), build.get("dockerfile").asText()))).as("%s builds deploy/docker/Dockerfile", name)
          .isTrue();
    }
  }

  // ---- Kubernetes

  private Map<String, JsonNode> kubernetes() {
    Map<String, JsonNode> byKindAndName = new HashMap<>();
    for (String file : List.of("configmap.yaml", "services.yaml", "statefulset.yaml", "pdb.yaml")) {
      for (JsonNode doc : yamlDocuments("deploy/k8s/" + file)) {
        byKindAndName.put(doc.get("kind").asText() + "/" + doc.get("metadata").get("name").asText(), doc);
      }
    }
    JsonNode kustomization = yaml("deploy/k8s/kustomization.yaml");
    List<String> resources = new ArrayList<>();
    kustomization.get("resources").forEach(r -> resources.add(r.asText()));
    assertThat(resources).containsExactlyInAnyOrder("configmap.yaml", "services.yaml", "statefulset.yaml", "pdb.yaml");
    return byKindAndName;
  }

  @Test
  void statefulSetGivesStableIdentitiesAndProbesTheAdminEndpoint() {
    Map<String, JsonNode> k8s = kubernetes();
    JsonNode sts = k8s.get("StatefulSet/cairnkv");
    JsonNode spec = sts.get("spec");
    int replicas = spec.get("replicas").asInt();
    assertThat(replicas).isEqualTo(3);
    assertThat(spec.get("podManagementPolicy").asText()).as("members must start together").isEqualTo("Parallel");
    String headless = spec.get("serviceName").asText();
    JsonNode peersService = k8s.get("Service/" + headless);
    assertThat(peersService.get("spec").get("clusterIP").asText()).isEqualTo("None");
    assertThat(peersService.get("spec").get("publishNotReadyAddresses").asBoolean()).isTrue();

    JsonNode pod = spec.get("template").get("spec");
    JsonNode container = pod.get("containers").get(0);
    Map<String, Integer> ports = new LinkedHashMap<>();
    container.get("ports").forEach(p -> ports.put(p.get("name").asText(), p.get("containerPort").asInt()));
    assertThat(ports).containsExactlyInAnyOrderEntriesOf(Map.of("raft", RAFT_PORT, "admin", ADMIN_PORT));
    assertProbe(container.get("readinessProbe"), "/ready", ports);
    assertProbe(container.get("livenessProbe"), "/health", ports);
    assertProbe(container.get("startupProbe"), "/health", ports);

    JsonNode idVar = container.get("env").get(0);
    assertThat(idVar.get("name").asText()).isEqualTo("CAIRNKV_ID");
    assertThat(idVar.get("valueFrom").get("fieldRef").get("fieldPath").asText()).isEqualTo("metadata.name");
    String configMap = container.get("envFrom").get(0).get("configMapRef").get("name").asText();
    Map<String, String> settings = textMap(k8s.get("ConfigMap/" + configMap).get("data"));
    String stsName = sts.get("metadata").get("name").asText();
    List<String> podNames = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      podNames.add(stsName + "-" + i);
    }
    assertPeers(settings.get("CAIRNKV_PEERS"), podNames, podName -> podName + "." + headless);
    assertThat(settings.get("CAIRNKV_DATA_DIR")).isEqualTo(DATA_DIR);
    assertThat(Integer.parseInt(settings.get("CAIRNKV_ADMIN_PORT"))).isEqualTo(ADMIN_PORT);
    assertThat(settings.get("CAIRNKV_BIND_HOST")).isEqualTo("0.0.0.0");

    Map<String, String> mounts = new HashMap<>();
    container.get("volumeMounts").forEach(m -> mounts.put(m.get("name").asText(), m.get("mountPath").asText()));
    String claim = spec.get("volumeClaimTemplates").get(0).get("metadata").get("name").asText();
    assertThat(mounts.get(claim)).isEqualTo(DATA_DIR);
    assertThat(container.get("resources").get("requests").has("memory")).isTrue();
    assertThat(container.get("resources").get("limits").has("memory")).isTrue();
    assertThat(sts.get("spec").get("template").get("metadata").get("annotations").get("prometheus.io/port").asText())
        .isEqualTo(String.valueOf(ADMIN_PORT));

    JsonNode podSecurity = pod.get("securityContext");
    assertThat(podSecurity.get("runAsNonRoot").asBoolean()).isTrue();
    assertThat(podSecurity.get("runAsUser").asText() + ":" + podSecurity.get("runAsGroup").asText())
        .as("same user as the image").isEqualTo(DOCKER.instructions("USER").get(0));
    JsonNode containerSecurity = container.get("securityContext");
    assertThat(containerSecurity.get("allowPrivilegeEscalation").asBoolean()).isFalse();
    if (containerSecurity.path("readOnlyRootFilesystem").asBoolean()) {
      assertThat(mounts.get("tmp")).as("RocksDB unpacks its JNI library into /tmp").isEqualTo("/tmp");
    }
  }

  private static void assertProbe(JsonNode probe, String path, Map<String, Integer> ports) {
    JsonNode get = probe.get("httpGet");
    assertThat(get.get("path").asText()).isEqualTo(path);
    JsonNode port = get.get("port");
    int number = port.isInt() ? port.asInt() : ports.getOrDefault(port.asText(), -1);
    assertThat(number).as("probe of %s", path).isEqualTo(ADMIN_PORT);
  }

  @Test
  void servicesAndDisruptionBudgetSelectTheMembers() {
    Map<String, JsonNode> k8s = kubernetes();
    JsonNode podLabels = k8s.get("StatefulSet/cairnkv").get("spec").get("template").get("metadata").get("labels");
    for (String name : List.of("Service/cairnkv", "Service/cairnkv-peers")) {
      JsonNode spec = k8s.get(name).get("spec");
      assertSelects(spec.get("selector"), podLabels);
      Map<String, Integer> ports = new HashMap<>();
      spec.get("ports").forEach(p -> {
        ports.put(p.get("name").asText(), p.get("port").asInt());
        assertThat(p.get("targetPort").asText()).isEqualTo(p.get("name").asText());
      });
      assertThat(ports).as(name).containsExactlyInAnyOrderEntriesOf(Map.of("raft", RAFT_PORT, "admin", ADMIN_PORT));
    }
    JsonNode pdb = k8s.get("PodDisruptionBudget/cairnkv").get("spec");
    assertThat(pdb.get("maxUnavailable").asInt()).isEqualTo(1);
    assertSelects(pdb.get("selector").get("matchLabels"), podLabels);
  }

  private static void assertSelects(JsonNode selector, JsonNode labels) {
    selector.properties().forEach(e -> assertThat(labels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
  }

  // ---- systemd

  @Test
  void systemdUnitRunsTheServerHardenedWithTheDataDirectoryWritable() throws Exception {
    Map<String, List<String>> service = Ini.parse(read("deploy/systemd/cairnkv.service")).get("Service");
    String exec = service.get("ExecStart").get(0);
    assertThat(exec).startsWith("/usr/bin/java ").endsWith(" " + MAIN_CLASS).contains("/opt/cairnkv/kv-server.jar");
    assertThat(Class.forName(MAIN_CLASS)).isNotNull();
    assertThat(service.get("Restart")).containsExactly("on-failure");
    assertThat(service.get("KillSignal")).containsExactly("SIGTERM");
    assertThat(service.get("SuccessExitStatus")).containsExactly("143");
    assertThat(Integer.parseInt(service.get("LimitNOFILE").get(0))).isGreaterThanOrEqualTo(65536);
    assertThat(Integer.parseInt(service.get("TimeoutStopSec").get(0))).isGreaterThanOrEqualTo(30);
    assertThat(service.get("NoNewPrivileges")).containsExactly("yes");
    assertThat(service.get("ProtectSystem")).containsExactly("strict");
    assertThat(service.get("PrivateTmp")).containsExactly("yes");
    assertThat(service).doesNotContainKey("MemoryDenyWriteExecute");
    assertThat(service.get("User")).containsExactly("cairnkv");
    assertThat(service.get("EnvironmentFile")).containsExactly("/etc/cairnkv/cairnkv.env");

    Map<String, String> env = new LinkedHashMap<>();
    for (String line : read("deploy/systemd/cairnkv.env").split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    String dataDir = env.get("CAIRNKV_DATA_DIR");
    assertThat(service.get("ReadWritePaths")).containsExactly(dataDir);
    assertThat(service.get("WorkingDirectory")).containsExactly(dataDir);
    assertThat(dataDir).isEqualTo("/var/lib/" + service.get("StateDirectory").get(0));
    assertThat(exec).contains("$JAVA_OPTS");
    assertThat(env).containsKey("JAVA_OPTS");
    assertThat(Endpoint.parseList(env.get("CAIRNKV_PEERS"))).extracting(e -> e.id().orElseThrow())
        .contains(env.get("CAIRNKV_ID"));
    assertThat(Endpoint.parseList(env.get("CAIRNKV_PEERS"))).allSatisfy(e -> assertThat(e.port()).isEqualTo(RAFT_PORT));
  }

  // ---- across files

  @Test
  void everyEnvironmentVariableNamesARealConfigKey() throws IOException {
    Set<String> known = KvServerConfigKeys.ALL.stream().map(KvServerConfigKeys::envName).collect(Collectors.toSet());
    assertThat(known).contains("CAIRNKV_ADMIN_PORT", "CAIRNKV_ADMIN_BIND_HOST", "CAIRNKV_DATA_DIR", "CAIRNKV_PEERS");
    Map<String, Set<String>> unknown = new LinkedHashMap<>();
    for (Path file : deploymentFiles()) {
      Matcher m = ENV_NAME.matcher(Files.readString(file));
      while (m.find()) {
        if (!known.contains(m.group())) {
          unknown.computeIfAbsent(ROOT.relativize(file).toString(), f -> new TreeSet<>()).add(m.group());
        }
      }
    }
    assertThat(unknown).as("CAIRNKV_* names that no config key has").isEmpty();
    // Names of other variables in env blocks and env files.
    List<String> compose = new ArrayList<>();
    yaml("deploy/docker/compose.yaml").get("services").forEach(s -> s.get("environment").fieldNames()
        .forEachRemaining(compose::add));
    yaml("deploy/k8s/configmap.yaml").get("data").fieldNames().forEachRemaining(compose::add);
    DOCKER.env().keySet().forEach(compose::add);
    assertThat(compose).allSatisfy(name -> assertThat(known.contains(name) || OTHER_VARIABLES.contains(name))
        .as(name).isTrue());
  }

  /** Files that set or name server settings (deploy/local's launcher variables are not config keys). */
  private static List<Path> deploymentFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("deploy/docker", "deploy/systemd", "deploy/k8s", "deploy/grafana")) {
      try (Stream<Path> walk = Files.walk(ROOT.resolve(dir))) {
        walk.filter(Files::isRegularFile).forEach(files::add);
      }
    }
    files.add(ROOT.resolve("docs/operations.md"));
    return files;
  }

  @Test
  void dashboardUsesOnlyExportedMetrics() throws IOException {
    JsonNode dashboard = JSON.readTree(ROOT.resolve("deploy/grafana/cairnkv-dashboard.json").toFile());
    assertThat(dashboard.get("uid").asText()).isNotBlank();
    List<String> expressions = new ArrayList<>();
    dashboard.get("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.get("expr").asText())));
    assertThat(expressions).hasSizeGreaterThan(20);
    Set<String> used = new TreeSet<>();
    Pattern metric = Pattern.compile("\\b(?:cairnkv|ratis|jvm|process|system|disk)_[a-z0-9_]+\\b");
    for (String expr : expressions) {
      Matcher m = metric.matcher(expr);
      while (m.find()) {
        used.add(m.group());
      }
    }
    assertThat(ExportedMetrics.names()).containsAll(used);
    // Every part of the brief is on the dashboard.
    assertThat(used).contains("cairnkv_requests_total", "cairnkv_request_duration_seconds_bucket", "cairnkv_raft_role",
        "cairnkv_raft_term", "cairnkv_raft_commit_index", "cairnkv_raft_applied_index",
        "cairnkv_apply_duration_seconds_bucket", "cairnkv_snapshot_duration_seconds_count",
        "cairnkv_rocksdb_sst_files_size_bytes", "jvm_memory_used_bytes", "jvm_gc_pause_seconds_sum");
    JsonNode variables = dashboard.get("templating").get("list");
    assertThat(variables.get(0).get("type").asText()).isEqualTo("datasource");
    assertThat(variables.get(1).get("definition").asText()).contains("member");
  }

  @Test
  void operationsGuideDocumentsEveryExportedCairnkvMetric() {
    String guide = read("docs/operations.md");
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("\\bcairnkv_[a-z0-9_]+").matcher(guide);
    while (m.find()) {
      documented.add(m.group());
    }
    List<String> listed = ExportedMetrics.names();
    assertThat(documented).as("names in the guide that the server does not export").allSatisfy(name ->
        assertThat(listed.contains(name) || listed.contains(name + "_count")).as(name).isTrue());
    for (String name : listed) {
      if (name.startsWith("cairnkv_")) {
        String family = name.replaceAll("_(bucket|count|sum|max)$", "");
        assertThat(guide).as("docs/operations.md mentions %s", family).contains(family);
      }
    }
    assertThat(guide).contains("## Monitoring").contains("## Deploying")
        .contains("deploy/grafana/cairnkv-dashboard.json");
  }

  // ---- helpers

  private static Map<String, String> textMap(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static void assertPeers(String peers, List<String> ids, java.util.function.UnaryOperator<String> host) {
    List<Endpoint> endpoints = Endpoint.parseList(peers);
    assertThat(endpoints).extracting(e -> e.id().orElseThrow()).containsExactlyElementsOf(ids);
    for (Endpoint e : endpoints) {
      assertThat(e.host()).isEqualTo(host.apply(e.id().orElseThrow()));
      assertThat(e.port()).isEqualTo(RAFT_PORT);
    }
  }

  /** A Dockerfile read line by line, continuation lines joined; comments dropped. */
  record Dockerfile(List<String[]> lines) {
    static Dockerfile parse(String text) {
      List<String[]> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String raw : text.split("\n")) {
        String line = raw.strip();
        if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
          continue;
        }
        if (line.endsWith("\\")) {
          current.append(line, 0, line.length() - 1).append(' ');
          continue;
        }
        current.append(line);
        String joined = current.toString().strip();
        current.setLength(0);
        if (!joined.isEmpty()) {
          int space = joined.indexOf(' ');
          out.add(new String[] {joined.substring(0, space).toUpperCase(), joined.substring(space + 1).strip()});
        }
      }
      return new Dockerfile(out);
    }

    List<String> instructions(String name) {
      return lines.stream().filter(l -> l[0].equals(name)).map(l -> l[1]).collect(Collectors.toList());
    }

    List<Integer> exposed() {
      List<Integer> ports = new ArrayList<>();
      instructions("EXPOSE").forEach(e -> {
        for (String p : e.split("\\s+")) {
          ports.add(Integer.parseInt(p.replace("/tcp", "")));
        }
      });
      return ports;
    }

    /** ENV KEY=VALUE pairs (values may be double-quoted). */
    Map<String, String> env() {
      Map<String, String> env = new LinkedHashMap<>();
      Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");
      instructions("ENV").forEach(e -> {
        Matcher m = pair.matcher(e);
        while (m.find()) {
          env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
        }
      });
      return env;
    }
  }

  /** A systemd unit file: section -> key -> values (a key may repeat). */
  static final class Ini {
    static Map<String, Map<String, List<String>>> parse(String text) {
      Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
      Map<String, List<String>> section = null;
      for (String raw : text.split("\n")) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
          continue;
        }
        if (line.startsWith("[") && line.endsWith("]")) {
          section = sections.computeIfAbsent(line.substring(1, line.length() - 1), s -> new LinkedHashMap<>());
          continue;
        }
        int eq = line.indexOf('=');
        assertThat(eq).as("not KEY=VALUE: %s", line).isPositive();
        assertThat(section).as("key outside a section: %s", line).isNotNull();
        section.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
            .add(line.substring(eq + 1).strip());
      }
      return sections;
    }
  }
}
