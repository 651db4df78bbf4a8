package io.github.kcpartner.script;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Where rules come from: {@code <name>.js} files deployed by the server operator in a rules
 * directory (e.g. {@code ${kc.home.dir}/partner-rules}) and, when no file of that name is
 * there, classpath resources {@code partner-rules/<name>.js} (inside a jar in
 * {@code providers/}). A rule is only ever chosen by name; no script text comes from anywhere
 * else. Names are letters, digits, {@code .}, {@code _} and {@code -}, so a name cannot leave
 * the directory.
 */
public final class RuleRepository {

    /** The classpath folder holding rules shipped in jars. */
    public static final String CLASSPATH_FOLDER = "partner-rules";

    private static final Logger LOG = Logger.getLogger(RuleRepository.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final int MAX_BYTES = 256 * 1024;

    private final Path directory;
    private final ClassLoader classLoader;
    private final Map<String, Optional<URL>> classpath = new ConcurrentHashMap<>();

    /**
     * @param directory   the rules directory, or {@code null} for none; it need not exist yet
     * @param classLoader where to find {@code partner-rules/*.js}, or {@code null} for none
     */
    public RuleRepository(Path directory, ClassLoader classLoader) {
        this.directory = directory;
        this.classLoader = classLoader;
    }

    /**
     * The conventional rules directory, {@code ${kc.home.dir}/partner-rules}.
     *
     * @return that directory, or {@code null} when {@code kc.home.dir} is not set (not in a server)
     */
    public static Path defaultDirectory() {
        String home = System.getProperty("kc.home.dir");
        return home == null || home.isBlank() ? null : Path.of(home, CLASSPATH_FOLDER);
    }

    /** Whether {@code name} is a valid rule name (letters, digits, {@code .}, {@code _}, {@code -}; at most 100). */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** @return the rules directory, or {@code null} for none */
    public Path directory() {
        return directory;
    }

    /** @return the names of all rules that can be chosen, sorted */
    public SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>();
        if (directory != null && Files.isDirectory(directory)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.js")) {
                files.forEach(file -> addName(names, file.getFileName().toString()));
            } catch (IOException e) {
                LOG.warnf("Cannot list the rules directory %s: %s", directory, e.getMessage());
            }
        }
        if (classLoader != null) {
            listClasspath(names);
        }
        return names;
    }

    /** The current version of a rule's file; one file-system stat per call. */
    RuleSource find(String name) throws RuleException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new RuleException(String.valueOf(name), 0, RuleException.Reason.NOT_FOUND, "invalid rule name", null);
        }
        if (directory != null) {
            Path file = directory.resolve(name + ".js");
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    return new RuleSource(
                            name,
                            file.toString(),
                            true,
                            attributes.lastModifiedTime().toMillis(),
                            attributes.size());
                }
            } catch (NoSuchFileException e) {
                // fall back to the classpath
            } catch (IOException e) {
                throw new RuleException(name, 0, RuleException.Reason.NOT_FOUND, "cannot read the rule file", e);
            }
        }
        Optional<URL> url = classLoader == null
                ? Optional.empty()
                : classpath.computeIfAbsent(
                        name, n -> Optional.ofNullable(classLoader.getResource(CLASSPATH_FOLDER + "/" + n + ".js")));
        if (url.isPresent()) {
            return new RuleSource(name, url.get().toString(), false, 0, -1);
        }
        throw new RuleException(name, 0, RuleException.Reason.NOT_FOUND, "no such rule", null);
    }

    /** The text of a rule's file. */
    String read(RuleSource source) throws RuleException {
        try (InputStream in = source.file()
                ? Files.newInputStream(Path.of(source.location()))
                : classpath.get(source.name()).orElseThrow().openStream()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new RuleException(
                        source.name(),
                        0,
                        RuleException.Reason.COMPILE,
                        "rule file larger than " + MAX_BYTES + " bytes",
                        null);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuleException(source.name(), 0, RuleException.Reason.COMPILE, "cannot read the rule file", e);
        }
    }

    private void listClasspath(SortedSet<String> names) {
        try {
            Enumeration<URL> folders = classLoader.getResources(CLASSPATH_FOLDER + "/");
            while (folders.hasMoreElements()) {
                listFolder(folders.nextElement(), names);
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            LOG.debugf("Cannot list %s on the classpath: %s", CLASSPATH_FOLDER, e);
        }
    }

    private static void listFolder(URL folder, SortedSet<String> names) throws IOException, URISyntaxException {
        if ("file".equals(folder.getProtocol())) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(folder.toURI()), "*.js")) {
                files.forEach(file -> addName(names, file.getFileName().toString()));
            }
            return;
        }
        URLConnection connection = folder.openConnection();
        if (connection instanceof JarURLConnection jar) {
            jar.setUseCaches(false);
            try (JarFile file = jar.getJarFile()) {
                Enumeration<JarEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    String entry = entries.nextElement().getName();
                    String prefix = CLASSPATH_FOLDER + "/";
                    if (entry.startsWith(prefix) && entry.indexOf('/', prefix.length()) < 0) {
                        addName(names, entry.substring(prefix.length()));
                    }
                }
            }
        }
    }

    private static void addName(SortedSet<String> names, String fileName) {
        if (fileName.endsWith(".js")) {
            String name = fileName.substring(0, fileName.length() - 3);
            if (NAME.matcher(name).matches()) {
                names.add(name);
            }
        }
    }
}
