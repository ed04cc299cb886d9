namespace MailComplaints.Threads;

/// <summary>
/// RFC 4648 section 6 base32 in lower case without padding: letters and digits only, so a token stays
/// intact inside a Message-ID local part and through mail programs that change nothing but case.
/// </summary>
internal static class Base32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[(bytes.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, index = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[index++] = Alphabet[(buffer >> bits) & 31];
            }
        }
        if (bits > 0)
        {
            chars[index] = Alphabet[(buffer << (5 - bits)) & 31];
        }
        return new string(chars);
    }

    public static bool IsEncoded(string text) => text.Length > 0 && text.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
