package io.github.kcpartner.jims.client;

import java.net.InetAddress;

/** An IPv4 or IPv6 network in CIDR notation; a bare address is a host route (/32 or /128). */
public final class CidrBlock {

    private final byte[] network;
    private final int prefix;
    private final String text;

    private CidrBlock(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** Parses {@code 10.0.0.0/8}, {@code 2001:db8::/32} or a bare address; {@code null} if invalid. */
    public static CidrBlock parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        int slash = s.indexOf('/');
        InetAddress address = IpAddresses.parse(slash < 0 ? s : s.substring(0, slash));
        if (address == null) {
            return null;
        }
        byte[] bytes = address.getAddress();
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("\\d{1,3}")) {
                return null;
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                return null;
            }
        }
        return new CidrBlock(mask(bytes, prefix), prefix, s);
    }

    /** Whether the IP literal {@code ip} lies in this network; false for anything that is not an IP literal. */
    public boolean contains(String ip) {
        InetAddress address = IpAddresses.parse(ip);
        return address != null && contains(address);
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        return java.util.Arrays.equals(mask(bytes, prefix), network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - bits)));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
