namespace PostTls.Tagging;

/// <summary>What a sender can ask for in a notification.</summary>
internal enum SenderAction
{
    /// <summary>"Send without encryption".</summary>
    Release,

    /// <summary>"Delete".</summary>
    Delete,
}
