using System.Text;

namespace MailComplaints.Mail.Net;

/// <summary>The SASL initial responses both clients send.</summary>
internal static class Sasl
{
    /// <summary>RFC 4616 §2: authzid NUL authcid NUL password, base64.</summary>
    public static string Plain(string username, string password) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{username}\0{password}"));

    /// <summary>The XOAUTH2 initial response (Google and Microsoft): user=…^Aauth=Bearer …^A^A, base64.</summary>
    public static string XOAuth2(string username, string accessToken) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"user={username}\u0001auth=Bearer {accessToken}\u0001\u0001"));

    /// <summary>One base64 value of the LOGIN mechanism (draft-murchison-sasl-login).</summary>
    public static string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
}
