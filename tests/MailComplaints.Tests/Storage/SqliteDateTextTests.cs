using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MailComplaints.Storage;

namespace MailComplaints.Tests.Storage;

public sealed class SqliteDateTextTests
{
    // Microsoft.Data.Sqlite's text for a DateTime, which single-row inserts through Dapper store.
    private static string AsMicrosoftDataSqlite(DateTime instant) => instant.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static string AsBatch(DateTime instant)
    {
        Span<byte> text = stackalloc byte[27];
        return Encoding.UTF8.GetString(text[..MultiRowInsert.Utf8Instant(instant, text)]);
    }

    [TestCase(0L, "2026-11-03 09:15:27")]
    [TestCase(1L, "2026-11-03 09:15:27.0000001")]
    [TestCase(1_230_000L, "2026-11-03 09:15:27.123")]
    [TestCase(50_000L, "2026-11-03 09:15:27.005")]
    [TestCase(9_999_999L, "2026-11-03 09:15:27.9999999")]
    public void A_batch_writes_a_moment_as_Microsoft_Data_Sqlite_does(long ticks, string expected)
    {
        var instant = new DateTime(2026, 11, 3, 9, 15, 27, DateTimeKind.Utc).AddTicks(ticks);

        Assert.That((AsBatch(instant), AsMicrosoftDataSqlite(instant)), Is.EqualTo((expected, expected)));
    }

    [Test]
    public void Any_moment_is_written_as_Microsoft_Data_Sqlite_writes_it()
    {
        var ticks = Gen.Choose(0, int.MaxValue).Two().Select(pair => (long)pair.Item1 * int.MaxValue + pair.Item2);
        Prop.ForAll(ticks.Where(t => t <= DateTime.MaxValue.Ticks).ToArbitrary(), t =>
        {
            var instant = new DateTime(t, DateTimeKind.Utc);
            Assert.That(AsBatch(instant), Is.EqualTo(AsMicrosoftDataSqlite(instant)));
        }).QuickCheckThrowOnFailure();
    }
}
