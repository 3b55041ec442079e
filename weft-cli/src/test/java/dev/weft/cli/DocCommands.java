package dev.weft.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command lines a document shows, so that tests run them as written: shell words (split at spaces
 * outside single quotes, up to a {@code #} comment), and the {@code ./weft} lines of a Markdown file's
 * {@code ```sh} blocks.
 */
final class DocCommands {
    private static final Pattern SH_BLOCK = Pattern.compile("(?ms)^```sh\\n(.*?)^```");

    private DocCommands() {
    }

    /**
     * The arguments of every line of {@code markdown}'s {@code ```sh} blocks that starts with {@code prefix}
     * (such as {@code ./weft webhooks }), in order, without the {@code ./weft}.
     */
    static List<List<String>> weftLines(Path markdown, String prefix) throws IOException {
        Matcher block = SH_BLOCK.matcher(Files.readString(markdown));
        List<List<String>> commands = new ArrayList<>();
        while (block.find()) {
            for (String line : block.group(1).split("\n")) {
                if (line.startsWith(prefix)) {
                    commands.add(words(line.substring("./weft ".length())));
                }
            }
        }
        return commands;
    }

    /** Shell words: split at spaces outside single quotes, up to a {@code #} comment. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                inWord = true;
            } else if (!quoted && c == '#') {
                break;
            } else if (!quoted && c == ' ') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
