using System.Text;
using System.Text.RegularExpressions;
using MailComplaints.Mail.Imap;
using MailComplaints.Mail.Tests.Net;
using MailComplaints.Testing;

namespace MailComplaints.Mail.Tests.Imap;

/// <summary>
/// Replays the IMAP server responses recorded from Dovecot, Gmail, Exchange, Domino, Yahoo and others
/// (shared corpus, mailkit/UnitTests/Net/Imap/Resources) to the client through a scripted server.
/// </summary>
public sealed partial class RecordedServerResponsesTests
{
    private static string ResourcesPath => Corpus.Path("mailkit", "UnitTests", "Net", "Imap", "Resources");

    /// <summary>A recorded file as text with LF line ends (Latin-1 keeps every byte; ReplaceLineEndings would eat U+0085).</summary>
    private static string Read(string relative) =>
        File.ReadAllText(Path.Combine(ResourcesPath, relative), Encoding.Latin1).Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Recorded(string server, string file) => Read($"{server}/{file}");

    public static IEnumerable<TestCaseData> RecordedFiles()
    {
        var root = Corpus.Root is null ? null : Path.Combine(Corpus.Root.FullName, "mailkit", "UnitTests", "Net", "Imap", "Resources");
        if (root is null || !Directory.Exists(root))
        {
            yield break;
        }
        foreach (var file in Directory.GetFiles(root, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            yield return new TestCaseData(relative).SetName($"Recorded_response_parses({relative})");
        }
    }

    private sealed record Reported(uint SequenceNumber, uint Uid, IReadOnlyList<string>? Flags, long? Size, int? BodyLength);

    /// <summary>Sends the greeting, then answers one command with the recorded response; returns what the client made of it.</summary>
    private static async Task<(List<Reported> Fetched, ImapClient Client)> ReplayAsync(string relative)
    {
        var content = Read(relative);
        var name = Path.GetFileName(relative);
        var fetched = new List<Reported>();
        var isGreeting = name.Contains("greeting", StringComparison.Ordinal);
        var isIdle = !content.Contains("A########", StringComparison.Ordinal) && !isGreeting;
        var isFetch = FetchLine().IsMatch(content) && !isIdle;
        await using var server = new ScriptedServer(async c =>
        {
            if (isGreeting)
            {
                await c.SendBytesAsync(Encoding.Latin1.GetBytes(content.Replace("\n", "\r\n", StringComparison.Ordinal)));
                return;
            }
            await c.SendAsync(ImapScript.Greeting);
            if (isIdle)
            {
                await c.AnswerAsync("* 0 EXISTS\nA######## OK [READ-WRITE] selected\n");
                var idle = await c.ReceiveAsync();
                await c.SendBytesAsync(Encoding.Latin1.GetBytes(content.Replace("\n", "\r\n", StringComparison.Ordinal)));
                Assert.That(await c.ReceiveAsync(), Is.EqualTo("DONE"));
                await c.SendAsync($"{idle.Split(' ')[0]} OK Idle completed\n");
                return;
            }
            var command = await c.ReceiveAsync();
            var tag = command.Split(' ')[0];
            await c.SendBytesAsync(Encoding.Latin1.GetBytes(content.Replace("A########", tag, StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal)));
        });
        var client = new ImapClient(ImapScript.Options(server));
        await client.ConnectAsync(CancellationToken.None);
        if (isIdle)
        {
            await client.SelectAsync("INBOX", CancellationToken.None);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.IdleAsync(stop.Token);
        }
        else if (isFetch)
        {
            await client.FetchAsync("FETCH 1:* (UID FLAGS RFC822.SIZE BODY.PEEK[])", FetchItems.Body, async (message, body, ct) =>
            {
                int? length = null;
                if (body is not null)
                {
                    var copy = new MemoryStream();
                    await body.CopyToAsync(copy, ct);
                    length = (int)copy.Length;
                }
                fetched.Add(new Reported(message.SequenceNumber, message.Uid, message.Flags, message.Size, length));
            }, reportWithoutUid: true, CancellationToken.None);
        }
        else if (!isGreeting)
        {
            var status = await client.RunRawAsync("NOOP", CancellationToken.None);
            Assert.That(status, Is.AnyOf("OK", "NO", "BAD"));
        }
        await server.Completion;
        return (fetched, client);
    }

    [GeneratedRegex(@"^\* \d+ FETCH", RegexOptions.Multiline)]
    private static partial Regex FetchLine();

    [TestCaseSource(nameof(RecordedFiles))]
    public async Task Recorded_response_parses(string relative)
    {
        var (fetched, client) = await ReplayAsync(relative);
        await using var _ = client;

        Assert.That(client.IsConnected, Is.True);
        if (fetched.Count > 0)
        {
            var content = Read(relative);
            // Every FETCH response is reported once, in order (bodies never contain such a line in this corpus).
            Assert.That(fetched.Select(f => f.SequenceNumber), Is.EqualTo(FetchLine().Matches(content).Select(m => uint.Parse(m.Value[2..^6], System.Globalization.CultureInfo.InvariantCulture))));
        }
    }

    [Test]
    public async Task Dovecot_fetch_yields_uids_and_flags_and_skips_unknown_items_with_literals()
    {
        var (fetched, client) = await ReplayAsync("dovecot/fetch1.txt");
        await using var _ = client;

        Assert.That(fetched.Select(f => f.Uid), Is.EqualTo(new uint[] { 1, 2, 3, 4, 5, 6, 7 }));
        Assert.That(fetched[0].Flags, Is.EqualTo(new[] { "\\Answered", "\\Seen", "\\Draft" }));
        Assert.That(fetched[3].Flags, Is.EqualTo(new[] { "\\Seen", "\\Draft" }));
        Assert.That(fetched.All(f => f.BodyLength is null), Is.True);
    }

    [Test]
    public async Task Gmail_fetch_streams_a_181614_byte_body_after_annotations_and_labels()
    {
        var (fetched, client) = await ReplayAsync("gmail/fetch.1+unsolicited-info.txt");
        await using var _ = client;

        var message = fetched.Single(f => f.BodyLength is not null);
        Assert.That(message.Uid, Is.EqualTo(1));
        Assert.That(message.Flags, Is.EqualTo(new[] { "\\Seen", "\\Deleted" }));
        Assert.That(message.BodyLength, Is.EqualTo(181614));
    }

    [Test]
    public async Task Gmail_fetch_of_every_recorded_body_has_the_announced_length()
    {
        foreach (var file in new[] { "fetch.1.txt", "fetch.2.txt", "fetch.5.txt", "fetch.50.txt" })
        {
            var (fetched, client) = await ReplayAsync("gmail/" + file);
            await using var _ = client;
            var content = Recorded("gmail", file);
            var announced = Regex.Matches(content, @"UID (\d+) .*BODY\[\] \{(\d+)\}").Select(m => (Uid: uint.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Length: int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
            Assert.That(announced, Is.Not.Empty, file);
            Assert.That(fetched.Where(f => f.BodyLength is not null).Select(f => (f.Uid, Length: f.BodyLength!.Value)), Is.EqualTo(announced), file);
        }
    }

    [Test]
    public async Task Partial_and_quoted_sections_are_not_taken_for_the_message_body()
    {
        var (fetched, client) = await ReplayAsync("gmail/fetch-quoted-string.txt");
        await using var _ = client;

        Assert.That(fetched.Single(), Is.EqualTo(new Reported(3, 1, null, null, null)));
    }

    [Test]
    public async Task Dovecot_select_gives_the_folder_state()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync(ImapScript.Greeting);
            Assert.That(await c.AnswerAsync(Recorded("dovecot", "select-unittests-messages.txt")), Does.EndWith("SELECT \"UnitTests/Messages\""));
        });
        await using var client = await ImapScript.ConnectAsync(server);

        var mailbox = await client.SelectAsync("UnitTests/Messages", CancellationToken.None);

        Assert.That(mailbox, Is.EqualTo(new ImapMailbox("UnitTests/Messages", 1436832084, 9, 8, false)));
    }

    [Test]
    public async Task A_folder_name_sent_as_a_literal_is_listed()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync(ImapScript.Greeting);
            await c.AnswerAsync(Recorded("common", "list-literal-subfolders.txt"));
        });
        await using var client = await ImapScript.ConnectAsync(server);

        var folders = await client.ListAsync("", "*", CancellationToken.None);

        Assert.That(folders, Has.Count.EqualTo(2));
        Assert.That(folders[1].Name, Is.EqualTo("Literal Folder Name"));
        Assert.That(folders[1].Attributes, Is.EqualTo(new[] { "\\HasNoChildren" }));
        Assert.That(folders[0].Delimiter, Is.EqualTo('/'));
    }

    [Test]
    public async Task Exchange_COPYUID_without_a_star_is_still_reported_after_MOVE()
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync(ImapScript.Greeting);
            await c.AnswerAsync("* 1 EXISTS\nA######## OK [READ-WRITE] selected\n");
            await c.AnswerAsync(Recorded("exchange", "issue115.txt"));
        });
        await using var client = await ImapScript.ConnectAsync(server);
        await client.SelectAsync("INBOX", CancellationToken.None);

        var moved = await client.UidMoveAsync(UidSet.Of([31]), "Archive", CancellationToken.None);

        Assert.That(moved!.DestinationUidValidity, Is.EqualTo(55));
        Assert.That(moved.Map(), Is.EqualTo(new Dictionary<uint, uint> { [31] = 6 }));
        Assert.That(client.SelectedMailbox!.Exists, Is.Zero);
    }

    [TestCase("dovecot", "search-uids.txt", "1:14", TestName = "Dovecot_ESEARCH_ALL_yields_the_uids")]
    [TestCase("gmail", "search.txt", "1:3,5,7:9,11:14,26:29,31,34,41:43,50", TestName = "Gmail_ESEARCH_with_ranges_yields_the_uids")]
    [TestCase("dovecot", "search-raw.txt", "1:14", TestName = "SEARCH_followed_by_MODSEQ_yields_only_the_uids")]
    public async Task Search_yields_the_uids(string serverName, string file, string expected)
    {
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync(ImapScript.Greeting);
            await c.AnswerAsync(Recorded(serverName, file));
        });
        await using var client = await ImapScript.ConnectAsync(server);

        var uids = await client.UidSearchAsync("ALL", CancellationToken.None);

        Assert.That(uids, Is.EqualTo(UidSet.Parse(expected).Expand()));
    }
}
