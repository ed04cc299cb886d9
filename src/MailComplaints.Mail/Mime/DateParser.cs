using System.Globalization;

namespace MailComplaints.Mail.Mime;

/// <summary>
/// Reads dates as RFC 5322 section 3.3 writes them and as mail software really does: obsolete zone names
/// (section 4.3), two-digit years, missing seconds or zone, asctime order and ISO 8601.
/// </summary>
public static class DateParser
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>Parses a Date header value; null when no date can be read.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (text.Length > 256)
        {
            text = text[..256]; // a date is never this long; the rest is noise
        }
        int? day = null, month = null, year = null, hour = null, minute = null, second = null;
        TimeSpan? offset = null;
        foreach (var raw in Tokens(text))
        {
            var token = raw.AsSpan();
            if (token.IsEmpty)
            {
                continue;
            }
            if (token.Contains(':'))
            {
                if (hour is null && TryTime(token, out var h, out var m, out var s, out var zone))
                {
                    (hour, minute, second) = (h, m, s);
                    offset ??= zone;
                }
                else if (hour is not null && offset is null && TryNumericZone(token, out var z))
                {
                    offset = z;
                }
                continue;
            }
            if (token[0] is '+' or '-' && token.Length > 1 && char.IsAsciiDigit(token[1]))
            {
                if (offset is null && TryNumericZone(token, out var z))
                {
                    offset = z;
                }
                continue;
            }
            if (char.IsAsciiDigit(token[0]) && token.Contains('-') && TryIsoDate(token, out var y, out var mo, out var d))
            {
                (year, month, day) = (y, mo, d);
                continue;
            }
            if (char.IsAsciiLetter(token[0]))
            {
                var monthIndex = MonthIndex(token);
                if (monthIndex > 0 && month is null)
                {
                    month = monthIndex;
                }
                else if (hour is not null && offset is null && ZoneName(token) is { } named)
                {
                    offset = named;
                }
                continue;
            }
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                continue;
            }
            if (token.Length >= 3 || (day is not null && year is null))
            {
                year ??= token.Length >= 3 ? number : TwoDigitYear(number);
            }
            else if (day is null)
            {
                day = number;
            }
        }
        if (day is null || month is null || year is null)
        {
            return null;
        }
        if (year < 100)
        {
            year = TwoDigitYear(year.Value);
        }
        else if (year < 1000)
        {
            year += 1900; // RFC 5322 section 4.3: three-digit years add 1900.
        }
        try
        {
            if (day > DateTime.DaysInMonth(year.Value, month.Value) || hour > 23 || minute > 59 || second > 60)
            {
                return null;
            }
            var local = new DateTime(year.Value, month.Value, day.Value, hour ?? 0, minute ?? 0, Math.Min(second ?? 0, 59), DateTimeKind.Unspecified);
            var zoneOffset = offset ?? TimeSpan.Zero;
            return new DateTimeOffset(local, zoneOffset);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Formats a date as RFC 5322 section 3.3 writes it: "Tue, 1 Jul 2003 10:52:37 +0200".</summary>
    public static string Format(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var absolute = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture,
            $"{date.ToString("ddd, d MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture)} {sign}{absolute.Hours:00}{absolute.Minutes:00}");
    }

    private static int TwoDigitYear(int year) => year < 50 ? 2000 + year : 1900 + year;

    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var depth = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            var separator = c is ' ' or '\t' or ',' or '(' or ')' or '\r' or '\n' or '/' || (c == '.' && start >= 0 && !text.AsSpan(start, i - start).Contains(':') && char.IsAsciiDigit(text[start]));
            if (c == '(')
            {
                depth++;
            }
            if (separator || depth > 0)
            {
                if (start >= 0)
                {
                    tokens.Add(text[start..i]);
                    start = -1;
                }
                if (c == ')' && depth > 0)
                {
                    depth--;
                }
                continue;
            }
            if (start < 0)
            {
                start = i;
            }
        }
        // "Sat,29 Jan" and "29-Jan-2011": split day-month-year joined by dashes.
        var result = new List<string>(tokens.Count);
        foreach (var token in tokens)
        {
            if (token.Count(ch => ch == '-') == 2 && MonthIndex(token.AsSpan(token.IndexOf('-', StringComparison.Ordinal) + 1)) > 0)
            {
                result.AddRange(token.Split('-', StringSplitOptions.RemoveEmptyEntries));
            }
            else if (token.Length > 10 && token.Contains('T', StringComparison.Ordinal) && char.IsAsciiDigit(token[0]))
            {
                var t = token.IndexOf('T', StringComparison.Ordinal);
                result.Add(token[..t]);
                var time = token[(t + 1)..];
                var zoneAt = time.IndexOfAny(['+', '-', 'Z']);
                if (zoneAt > 0)
                {
                    result.Add(time[..zoneAt]);
                    result.Add(time[zoneAt] == 'Z' ? "+0000" : time[zoneAt..]);
                }
                else
                {
                    result.Add(time);
                }
            }
            else
            {
                result.Add(token);
            }
        }
        return result;
    }

    private static bool TryTime(ReadOnlySpan<char> token, out int hour, out int minute, out int second, out TimeSpan? zone)
    {
        hour = minute = second = 0;
        zone = null;
        var zoneAt = token.IndexOfAny('+', '-');
        if (zoneAt > 0)
        {
            if (TryNumericZone(token[zoneAt..], out var z))
            {
                zone = z;
            }
            token = token[..zoneAt];
        }
        Span<Range> parts = stackalloc Range[4];
        var count = token.Split(parts, ':');
        if (count is < 2 or > 3)
        {
            return false;
        }
        if (!int.TryParse(token[parts[0]], NumberStyles.None, CultureInfo.InvariantCulture, out hour)
            || !int.TryParse(token[parts[1]], NumberStyles.None, CultureInfo.InvariantCulture, out minute))
        {
            return false;
        }
        if (count == 3)
        {
            var secondText = token[parts[2]];
            var dot = secondText.IndexOf('.');
            if (dot >= 0)
            {
                secondText = secondText[..dot];
            }
            if (!int.TryParse(secondText, NumberStyles.None, CultureInfo.InvariantCulture, out second))
            {
                return false;
            }
        }
        return hour <= 23 && minute <= 59;
    }

    private static bool TryNumericZone(ReadOnlySpan<char> token, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        var sign = token[0] == '-' ? -1 : 1;
        var digits = token[1..].ToString().Replace(":", string.Empty, StringComparison.Ordinal);
        if (digits.Length is not (2 or 4) || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }
        var hours = digits.Length == 2 ? value : value / 100;
        var minutes = digits.Length == 2 ? 0 : value % 100;
        if (hours > 14 || minutes > 59)
        {
            return false;
        }
        offset = sign * new TimeSpan(hours, minutes, 0);
        return true;
    }

    private static bool TryIsoDate(ReadOnlySpan<char> token, out int year, out int month, out int day)
    {
        year = month = day = 0;
        Span<Range> parts = stackalloc Range[4];
        return token.Split(parts, '-') == 3
            && token[parts[0]].Length == 4
            && int.TryParse(token[parts[0]], NumberStyles.None, CultureInfo.InvariantCulture, out year)
            && int.TryParse(token[parts[1]], NumberStyles.None, CultureInfo.InvariantCulture, out month)
            && int.TryParse(token[parts[2]], NumberStyles.None, CultureInfo.InvariantCulture, out day)
            && month is >= 1 and <= 12;
    }

    private static int MonthIndex(ReadOnlySpan<char> token)
    {
        if (token.Length < 3)
        {
            return 0;
        }
        for (var i = 0; i < Months.Length; i++)
        {
            if (token[..3].Equals(Months[i], StringComparison.OrdinalIgnoreCase))
            {
                return i + 1;
            }
        }
        return 0;
    }

    private static TimeSpan? ZoneName(ReadOnlySpan<char> token)
    {
        var name = token.ToString().ToUpperInvariant();
        if (name == "IST")
        {
            return new TimeSpan(5, 30, 0);
        }
        int? hours = name switch
        {
            "UT" or "UTC" or "GMT" or "Z" or "WET" => 0,
            "EDT" => -4,
            "EST" or "CDT" => -5,
            "CST" or "MDT" => -6,
            "MST" or "PDT" => -7,
            "PST" => -8,
            "CET" or "BST" or "WEST" or "MET" => 1,
            "CEST" or "EET" or "MEST" => 2,
            "EEST" or "MSK" => 3,
            "JST" or "KST" => 9,
            "HKT" or "SGT" or "AWST" => 8,
            "AEST" => 10,
            "AEDT" => 11,
            "NZST" => 12,
            "NZDT" => 13,
            // RFC 5322 section 4.3: military zones were defined wrongly; treat them as unknown (-0000).
            _ when name.Length == 1 && char.IsAsciiLetter(name[0]) => 0,
            _ => null,
        };
        return hours is null ? null : TimeSpan.FromHours(hours.Value);
    }
}
