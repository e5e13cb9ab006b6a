# Issue 10's deadline extension: ignores the timer and writes an "alive" line every 0.2 s for 6 s, through the
# harness's writer where it can find one (the old harness reset its deadline on each), else on stdout.
# Expected with --timeout-ms 1000: {"passed": null, "error": "timed out after 1000 ms", ...} after about 1.3 s.
import signal
import sys
import time


def check_following(response):
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    f, send = sys._getframe(1), None
    while f is not None and send is None:
        send, f = f.f_locals.get('send'), f.f_back
    start = time.time()
    while time.time() - start < 6:
        time.sleep(0.2)
        (send or print)('alive')
    return True
