using System.Text;

namespace MailComplaints.Mail.Imap;

/// <summary>
/// Modified UTF-7 for mailbox names (RFC 3501 §5.1.3): printable ASCII stands for itself except "&amp;" ("&amp;-"),
/// anything else is UTF-16 in modified base64 (",") between "&amp;" and "-". Not used once UTF8=ACCEPT is enabled.
/// </summary>
internal static class MailboxName
{
    public static string Encode(string name)
    {
        var output = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length;)
        {
            var c = name[i];
            if (c is >= ' ' and <= '~')
            {
                output.Append(c == '&' ? "&-" : c);
                i++;
                continue;
            }
            var start = i;
            while (i < name.Length && name[i] is not (>= ' ' and <= '~'))
            {
                i++;
            }
            var utf16 = Encoding.BigEndianUnicode.GetBytes(name[start..i]);
            output.Append('&').Append(Convert.ToBase64String(utf16).TrimEnd('=').Replace('/', ',')).Append('-');
        }
        return output.ToString();
    }

    public static string Decode(string encoded)
    {
        if (!encoded.Contains('&', StringComparison.Ordinal))
        {
            return encoded;
        }
        var output = new StringBuilder(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            var end = c == '&' ? encoded.IndexOf('-', i + 1) : -1;
            if (end < 0)
            {
                // Not modified UTF-7 after all (a server bug or a raw UTF-8 name): keep the text as it is.
                output.Append(c);
                continue;
            }
            if (end == i + 1)
            {
                output.Append('&');
            }
            else
            {
                var base64 = encoded[(i + 1)..end].Replace(',', '/');
                base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
                try
                {
                    output.Append(Encoding.BigEndianUnicode.GetString(Convert.FromBase64String(base64)));
                }
                catch (FormatException)
                {
                    output.Append(encoded, i, end - i + 1);
                }
            }
            i = end;
        }
        return output.ToString();
    }
}
