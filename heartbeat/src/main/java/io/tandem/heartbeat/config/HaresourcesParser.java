package io.tandem.heartbeat.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/*
 * Reads haresources as heartbeat's ResourceManager does (its ipres() sed pipeline and canonname()):
 *
 * Lines: on every physical line a '#' and what follows is removed first; then a line ending in a backslash is
 *   joined to the next, with nothing put between them; blanks are collapsed. A backslash followed by spaces (or
 *   by a comment) therefore does not continue the line, and tandem refuses it rather than read a resource "\".
 * Groups: the first word, lower-cased, is the home node; the first resource is the group's key and must be unique.
 * Resources: "script::arg1::arg2"; a word that matches the shell pattern [0-9]*.[0-9]*.[0-9]*.[0-9]* means
 *   IPaddr::word. IPaddr and IPaddr2 take exactly one argument, checked as a VirtualIp.
 */
final class HaresourcesParser {

    static final String FILE = "haresources";

    /** ResourceManager's isip(): the glob [0-9]*.[0-9]*.[0-9]*.[0-9]* as a regular expression. */
    private static final Pattern LOOKS_LIKE_IP = Pattern.compile("[0-9].*\\.[0-9].*\\.[0-9].*\\.[0-9].*");

    /** A group as read, with the line it starts on, for checks against ha.cf. */
    record ParsedGroup(int line, ResourceGroup group) {}

    /** A line after comments are cut and continuations joined. */
    private record LogicalLine(int first, int last, String text) {
        String where() {
            return first == last ? "" : " (continued to line " + last + ")";
        }
    }

    private final Problems problems;
    private final Map<String, Integer> keys = new HashMap<>();

    private HaresourcesParser(Problems problems) {
        this.problems = problems;
    }

    static List<ParsedGroup> parse(String text, Problems problems) {
        HaresourcesParser parser = new HaresourcesParser(problems);
        List<ParsedGroup> groups = new ArrayList<>();
        for (LogicalLine line : parser.logicalLines(text)) {
            parser.group(line).ifPresent(group -> groups.add(new ParsedGroup(line.first(), group)));
        }
        return groups;
    }

    private List<LogicalLine> logicalLines(String text) {
        String[] physical = ConfigText.physicalLines(text);
        if (text.indexOf('\r') >= 0) {
            problems.warn(0, "", "has Windows line ends; tandem ignores the carriage returns, but heartbeat's"
                    + " ResourceManager reads them as part of the last resource of each line: convert with dos2unix");
        }
        List<LogicalLine> lines = new ArrayList<>();
        StringBuilder joined = new StringBuilder();
        int first = 0;
        for (int i = 0; i < physical.length; i++) {
            String line = ConfigText.cutAt(ConfigText.cutAt(physical[i], '#'), '\r');
            if (first == 0) {
                first = i + 1;
            }
            if (line.endsWith("\\")) {
                joined.append(line, 0, line.length() - 1);
                if (i == physical.length - 1 || (i == physical.length - 2 && physical[i + 1].isEmpty())) {
                    problems.refuse(i + 1, "", "ends with a backslash but no line follows it; remove the backslash");
                }
                continue;
            }
            if (line.stripTrailing().endsWith("\\")) {
                problems.refuse(i + 1, "", "a backslash followed by blanks or a comment does not continue the line in"
                        + " heartbeat; put the backslash last on the line (comments on lines of their own)");
                line = line.stripTrailing();
                line = line.substring(0, line.length() - 1);
            }
            joined.append(line);
            lines.add(new LogicalLine(first, i + 1, joined.toString()));
            joined.setLength(0);
            first = 0;
        }
        if (!joined.isEmpty()) {
            lines.add(new LogicalLine(first, physical.length, joined.toString()));
        }
        return lines;
    }

    private Optional<ResourceGroup> group(LogicalLine line) {
        List<String> words = Arrays.stream(line.text().split("[ \t]+")).filter(word -> !word.isEmpty()).toList();
        if (words.isEmpty()) {
            return Optional.empty();
        }
        // ResourceManager lower-cases the node name (awk tolower($1)) and nothing else.
        String node = words.get(0).toLowerCase(Locale.ROOT);
        if (words.size() == 1) {
            problems.refuse(line.first(), node, "a group needs resources after its home node: <node> <resource> ...,"
                    + " e.g. " + node + " IPaddr::10.0.0.100/24/eth0 mysql" + line.where());
            return Optional.empty();
        }
        List<ResourceSpec> resources = new ArrayList<>();
        boolean valid = true;
        for (String word : words.subList(1, words.size())) {
            Optional<ResourceSpec> resource = resource(line, node, word);
            resource.ifPresent(resources::add);
            valid &= resource.isPresent();
        }
        if (!valid) {
            return Optional.empty();
        }
        ResourceGroup group = new ResourceGroup(node, resources);
        Integer earlier = keys.putIfAbsent(group.key(), line.first());
        if (earlier != null) {
            problems.refuse(line.first(), node, "the group key " + group.key() + " (the first resource) already starts"
                    + " the group on line " + earlier + "; heartbeat names groups by it, so it must be unique" + line.where());
            return Optional.empty();
        }
        return Optional.of(group);
    }

    private Optional<ResourceSpec> resource(LogicalLine line, String node, String word) {
        String name;
        List<String> arguments;
        if (LOOKS_LIKE_IP.matcher(word).matches()) {
            name = "IPaddr";
            arguments = Arrays.asList(word.split("::", -1));
        } else if (word.contains("::")) {
            name = word.substring(0, word.indexOf("::"));
            arguments = Arrays.asList(word.substring(word.indexOf("::") + 2).split("::", -1));
        } else {
            name = word;
            arguments = List.of();
        }
        String problem = null;
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..") || name.equals("\\")) {
            problem = "\"" + name + "\" is not a script name: a resource is a script in /etc/ha.d/resource.d or"
                    + " /etc/init.d, written name[::arg[::arg...]], or an IP address";
        } else if (arguments.stream().anyMatch(String::isEmpty)) {
            problem = "\"" + word + "\" has an empty argument (two :: in a row, or :: at the end)";
        } else if (name.equals("IPaddr") || name.equals("IPaddr2")) {
            problem = addressProblem(line, node, word, name, arguments);
        }
        if (problem != null) {
            problems.refuse(line.first(), node, problem + line.where());
            return Optional.empty();
        }
        return Optional.of(new ResourceSpec(name, arguments, word));
    }

    private String addressProblem(LogicalLine line, String node, String word, String name, List<String> arguments) {
        if (arguments.size() != 1) {
            return "\"" + word + "\": " + name + " takes exactly one argument, ip[/cidr[/nic[/broadcast]]]";
        }
        try {
            VirtualIp.parse(arguments.get(0));
        } catch (IllegalArgumentException e) {
            return "\"" + word + "\": " + e.getMessage();
        }
        String[] parts = arguments.get(0).split("/");
        if (parts.length > 2 && parts[2].contains(":")) {
            problems.warn(line.first(), node, "\"" + word + "\": the label " + parts[2].substring(parts[2].indexOf(':'))
                    + " is dropped; IPaddr picks the alias itself and tandem adds the address with ip addr, without"
                    + " a label");
        }
        return null;
    }
}
