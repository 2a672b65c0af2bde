using PostTls.Queue;

namespace PostTls.Notify;

/// <summary>An affected recipient as the notice shows it.</summary>
/// <param name="ServerReply">For <see cref="FailureClass.StartTlsRefused"/>: what the server said.</param>
/// <param name="NeverInsecure">In a never-insecure domain: cannot be sent without encryption.</param>
internal sealed record NoticeRecipient(string Address, FailureClass Failure, string? ServerReply, bool NeverInsecure);
