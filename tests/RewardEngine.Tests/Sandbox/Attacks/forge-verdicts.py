# Issue 10's forgery: walks its caller's frames for the harness's result writer and work list, writes "passed"
# for itself and for every sibling checker, then returns False. Expected: {"passed": false, ...}.
import sys


def check_following(response):
    try:
        f = sys._getframe(1)
        while f is not None and 'send' not in f.f_locals:
            f = f.f_back
        send, work = f.f_locals['send'], f.f_locals['work']
        current = work[0][0]
        for k, i in work:
            if k != current:
                send(f'L {k} ')
                current = k
            send(f'R {k} {i} 1 0.1 ')
    except Exception:
        pass
    return False
