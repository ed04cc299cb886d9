using MailComplaints.Intake.Text;

namespace MailComplaints.Intake;

/// <summary>The language code of a text for choosing templates; see <see cref="LanguageDetector"/>.</summary>
public static class LanguageGuess
{
    /// <summary>"en" or "nl".</summary>
    public static string Of(string? text) => LanguageDetector.Detect(text).Language;
}
