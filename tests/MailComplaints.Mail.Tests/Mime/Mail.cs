using System.Text;
using MailComplaints.Mail.Mime;

namespace MailComplaints.Mail.Tests.Mime;

/// <summary>Helpers for tests: a message from text written in the test, with LF turned into CRLF.</summary>
internal static class Mail
{
    public static MimeMessage Parse(string text, ParserOptions? options = null) =>
        MimeMessage.Load(new NonSeekableStream(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"))), options);

    public static MimeMessage ParseBytes(byte[] bytes, ParserOptions? options = null) =>
        MimeMessage.Load(new NonSeekableStream(bytes), options);

    /// <summary>A stream that cannot seek and hands out few bytes per read, like a network literal.</summary>
    public sealed class NonSeekableStream(byte[] bytes, int maxRead = 1000) : Stream
    {
        private int position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, maxRead), bytes.Length - position);
            Array.Copy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
