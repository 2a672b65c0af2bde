// PostTLS is a Postfix add-on: it runs on Linux (and other Unix systems Postfix runs on) only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
