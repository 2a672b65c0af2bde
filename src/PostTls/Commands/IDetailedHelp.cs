namespace PostTls.Commands;

/// <summary>A command whose --help ends with a longer explanation and examples.</summary>
internal interface IDetailedHelp
{
    /// <summary>Text printed after the generated help: what the command does in detail, then examples.</summary>
    string Details { get; }
}
