package io.tandem.replicator.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads tandem's configuration file. The file is INI in the style of my.cnf (see {@link IniFile} for
 * the exact rules): {@code [replicator]} for the instance and defaults of every channel,
 * {@code [server NAME]} per server, {@code [channel NAME]} per direction. The example for the seed's
 * pair is {@code conf/tandem.cnf}.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    /**
     * @throws InvalidConfigurationException when the file cannot be read or has any problem; the message
     *     lists them all: {@code conf/tandem.cnf has 2 problems; replicator did not start:} and one indented
     *     line per problem
     */
    public static ReplicatorConfig load(Path file) throws InvalidConfigurationException {
        String origin = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigurationException(origin, List.of("no such file (working directory "
                    + Path.of("").toAbsolutePath() + ")"));
        } catch (CharacterCodingException e) {
            throw new InvalidConfigurationException(origin, List.of("not UTF-8 text"));
        } catch (IOException e) {
            throw new InvalidConfigurationException(origin, List.of("cannot read: " + e));
        }
        Path directory = file.toAbsolutePath().getParent();
        return parse(text, origin, directory == null ? Path.of("") : directory);
    }

    /**
     * Reads configuration text; {@code origin} names it in problems (a path, usually). Relative paths in it
     * ({@code admin-token-file}) are read from the working directory.
     */
    public static ReplicatorConfig parse(String text, String origin) throws InvalidConfigurationException {
        return parse(text, origin, Path.of(""));
    }

    private static ReplicatorConfig parse(String text, String origin, Path baseDirectory)
            throws InvalidConfigurationException {
        ProblemList problems = new ProblemList(origin, true);
        IniFile file = IniFile.parse(text, problems);
        return new ConfigBinder(origin, file, problems, baseDirectory).bind();
    }
}
