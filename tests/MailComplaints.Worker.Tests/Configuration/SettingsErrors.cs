using MailComplaints.Worker.Configuration;
using Microsoft.Extensions.Options;

namespace MailComplaints.Worker.Tests.Configuration;

/// <summary>The one line a wrong setting stops start-up with, as the CLI prints it.</summary>
internal static class SettingsErrors
{
    public static string LineOf(Action start)
    {
        try
        {
            start();
        }
        catch (SettingsException exception)
        {
            return exception.Message;
        }
        catch (OptionsValidationException exception)
        {
            Assert.That(exception.Failures, Has.Exactly(1).Items, "one wrong setting at a time");
            return exception.Failures.Single();
        }
        throw new AssertionException("start-up was not stopped");
    }
}
