namespace PostTls.Queue;

/// <summary>Where <see cref="PostcatOutput"/> is inside one message's framing.</summary>
internal enum PostcatSection
{
    /// <summary>After <c>*** ENVELOPE RECORDS ***</c>: the initial envelope records.</summary>
    Envelope,

    /// <summary>After <c>*** MESSAGE CONTENTS ***</c>: the primary header (postcat -h).</summary>
    Header,

    /// <summary>After <c>*** HEADER EXTRACTED ***</c>: the extracted envelope records.</summary>
    Extracted,

    /// <summary>After <c>*** MESSAGE FILE END ***</c>.</summary>
    Done,
}
