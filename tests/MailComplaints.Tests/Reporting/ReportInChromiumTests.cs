using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace MailComplaints.Tests.Reporting;

/// <summary>
/// The report of <see cref="ReportDataSet"/> as a director sees it: headless Chromium (Debian's <c>chromium</c>, which test.sh
/// installs) prints it to PDF and takes a screenshot, and the test checks what rendered: the pages, the charts' bars, no
/// console errors. With MAILCOMPLAINTS_REPORT_EXAMPLE set to a path, the screenshot is also written there
/// (scripts/report-example.sh makes docs/report-example.png so).
/// </summary>
[NonParallelizable]
public sealed partial class ReportInChromiumTests
{
    private const string Chromium = "/usr/bin/chromium";

    // The dark grey of the period's bars (.bar-period, #404040).
    private static readonly (byte, byte, byte) BarGrey = (0x40, 0x40, 0x40);

    private ReportExample example = null!;
    private string page = null!;

    [OneTimeSetUp]
    public async Task RenderTheReport()
    {
        if (!File.Exists(Chromium))
        {
            var reason = $"{Chromium} is not installed (Debian package chromium; ./test.sh installs it as root)";
            if (Environment.UserName == "root")
            {
                Assert.Fail(reason);
            }
            Assert.Ignore($"Browser check skipped: {reason}, and installing it needs root.");
        }
        example = await ReportExample.MakeAsync();
        page = Path.Combine(example.Folder, "report.html");
        await File.WriteAllTextAsync(page, example.Renderer.Html(example.Analysis, "nl"));
    }

    [OneTimeTearDown]
    public async Task Remove()
    {
        if (example is not null)
        {
            await example.DisposeAsync();
        }
    }

    [Test]
    public async Task Printed_to_PDF_it_fills_several_A4_pages_without_console_errors()
    {
        var pdf = Path.Combine(example.Folder, "report.pdf");

        var log = await RunChromiumAsync($"--print-to-pdf={pdf}", "--no-pdf-header-footer");

        var bytes = await File.ReadAllBytesAsync(pdf);
        Assert.That(Encoding.ASCII.GetString(bytes, 0, 5), Is.EqualTo("%PDF-"));
        var pages = PageObject().Count(Encoding.Latin1.GetString(bytes));
        Assert.That(pages, Is.InRange(3, 16), "the report's sections on A4");
        Assert.That(ConsoleLines(log), Is.Empty, log);
    }

    [Test]
    public async Task On_screen_it_shows_the_charts_bars_in_grey_without_console_errors()
    {
        var png = Path.Combine(example.Folder, "report.png");

        var log = await RunChromiumAsync($"--screenshot={png}", "--window-size=1200,1800", "--hide-scrollbars");

        var bytes = await File.ReadAllBytesAsync(png);
        var image = PngImage.Read(bytes);
        Assert.That((image.Width, image.Height), Is.EqualTo((1200, 1800)));
        Assert.That(bytes, Has.Length.GreaterThan(20_000), "a page with text, tables and charts, not a blank one");
        var colours = new HashSet<(byte, byte, byte)>();
        var bars = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var pixel = image[x, y];
                colours.Add(pixel);
                bars += pixel == BarGrey ? 1 : 0;
            }
        }
        Assert.That(colours, Has.Count.GreaterThan(8), "text and drawing, not one colour");
        Assert.That(bars, Is.GreaterThan(3_000), "the dark bars of the charts at the top of the page");
        Assert.That(ConsoleLines(log), Is.Empty, log);
        if (Environment.GetEnvironmentVariable("MAILCOMPLAINTS_REPORT_EXAMPLE") is { Length: > 0 } target)
        {
            File.Copy(png, target, overwrite: true);
        }
    }

    // Headless Chromium on the page, in a profile of its own, with nothing that reaches the network; its log on stderr.
    private async Task<string> RunChromiumAsync(params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("mailcomplaints-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile}", .. arguments, new Uri(page).AbsoluteUri])
            {
                start.ArgumentList.Add(argument);
            }
            var (exitCode, output, error) = await Testing.Processes.RunToEndAsync(start, TimeSpan.FromMinutes(2));
            var log = output + error;
            Assert.That(exitCode, Is.Zero, log);
            return log;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    // What the page wrote to the console (Chromium logs it as CONSOLE lines): errors in the page, resources it could not load.
    private static List<string> ConsoleLines(string log) => log.Split('\n').Where(line => line.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();

    [GeneratedRegex(@"/Type\s*/Page(?![a-zA-Z])")]
    private static partial Regex PageObject();
}
