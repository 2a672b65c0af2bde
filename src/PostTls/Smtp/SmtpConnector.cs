using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using Polly;
using Polly.Retry;

namespace PostTls.Smtp;

/// <summary>
/// Establishes the connection, retrying (Polly) only failures to connect: a refused
/// connection, a socket file not there yet (Postfix restarting), a connect timeout. Once a
/// socket is connected, nothing is ever retried here: see <see cref="SmtpClient"/>.
/// Permission denied is not retried: it means the caller is not root, which waiting cannot fix.
/// </summary>
internal sealed class SmtpConnector(SmtpClientOptions options)
{
    /// <summary>
    /// The retries after a first attempt that failed, built only then: building a Polly
    /// pipeline validates its options by reflection (DataAnnotations), which took more of the
    /// per-message filter's run than everything else it does before reading its input.
    /// </summary>
    private static ResiliencePipeline Retries(SmtpClientOptions options) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsRetried),
                MaxRetryAttempts = options.ConnectRetries,
                Delay = options.ConnectRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                OnRetry = args =>
                {
                    options.OnConnectRetry?.Invoke(
                        $"{options.Endpoint}: connect failed ({args.Outcome.Exception?.Message}), " +
                        $"retry {args.AttemptNumber + 1} of {options.ConnectRetries} in {args.RetryDelay.TotalMilliseconds:0} ms");
                    return default;
                },
            })
            .Build();

    /// <exception cref="SmtpException"><see cref="SmtpFailure.ConnectFailed"/> or <see cref="SmtpFailure.Timeout"/>, after the retries.</exception>
    public SmtpConnection Connect()
    {
        try
        {
            return new SmtpConnection(ConnectWithRetries(), options.Endpoint);
        }
        catch (SocketException e)
        {
            throw new SmtpException(SmtpFailure.ConnectFailed, "connect", null,
                isTransient: e.SocketErrorCode != SocketError.AccessDenied,
                $"{options.Endpoint}: cannot connect: {e.Message}", e);
        }
        catch (TimeoutException e)
        {
            throw new SmtpException(SmtpFailure.Timeout, "connect", null, isTransient: true,
                $"{options.Endpoint}: cannot connect: {e.Message}", e);
        }
    }

    private Socket ConnectWithRetries()
    {
        Exception first;
        try
        {
            return ConnectOnce(options);
        }
        catch (Exception e) when (options.ConnectRetries > 0 && IsRetried(e))
        {
            first = e;
        }

        // The pipeline's first execution hands it the failure already seen, so that Polly
        // decides, logs and waits for every retry exactly as if it had made that attempt.
        Exception? replay = first;
        return Retries(options).Execute(options =>
        {
            if (replay is { } seen)
            {
                replay = null;
                ExceptionDispatchInfo.Throw(seen);
            }

            return ConnectOnce(options);
        }, options);
    }

    private static bool IsRetried(Exception e) =>
        e is TimeoutException || (e is SocketException socket && socket.SocketErrorCode != SocketError.AccessDenied);

    /// <summary>
    /// A blocking connect bounded by SO_SNDTIMEO, which Linux applies to connect(2) for TCP and
    /// unix-domain sockets alike (a unix listener with a full backlog makes connect wait).
    /// Synchronous on purpose: no thread-pool or socket-engine threads for a single-shot process.
    /// </summary>
    private static Socket ConnectOnce(SmtpClientOptions options)
    {
        var socket = options.Endpoint.CreateSocket();
        try
        {
            socket.SendTimeout = (int)Math.Clamp(Math.Ceiling(options.ConnectTimeout.TotalMilliseconds), 1, int.MaxValue);
            socket.Connect(options.Endpoint.Address);
            return socket;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress or SocketError.TimedOut)
        {
            socket.Dispose();
            throw new TimeoutException($"no connection within {options.ConnectTimeout.TotalSeconds:0.###} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
