package dev.weft.cli;

import picocli.CommandLine;

/** The version printed by {@code weft --version}, from the jar manifest. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Weft.class.getPackage().getImplementationVersion();
        return new String[]{"weft " + (v == null ? "development build" : v)};
    }
}
