package io.github.kcpartner.script;

/**
 * One version of a rule's file. Two sources are the same version when they are equal, so a
 * file whose modification time or size changed is a new version.
 *
 * @param name     the rule's name, without {@code .js}
 * @param location a file path or a classpath URL
 * @param file     whether it lives in the rules directory (else on the classpath)
 * @param modified the file's modification time in ms ({@code 0} on the classpath)
 * @param size     the file's size in bytes ({@code -1} on the classpath)
 */
record RuleSource(String name, String location, boolean file, long modified, long size) {}
