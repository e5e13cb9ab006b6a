"""verl reward function that scores responses with a running `reward serve`.

In a verl config:

    custom_reward_function:
      path: examples/verl_reward.py
      name: compute_score

and set REWARD_URL (default http://127.0.0.1:8000), optionally REWARD_API_KEY and REWARD_TIMEOUT (seconds).
Several comma-separated URLs spread the calls over replicas. Standard library only.

The service reads the instruction from extra_info["prompt"] (a string or chat messages), ["instruction"] or
["question"]; IFEval constraints in ground_truth ({"instruction_id_list": [...], "kwargs": [...]}, as an object or a
JSON string) are checked in place of the parsed instruction. Returns {"score": float, <signal>: float, ...}; verl
keeps the extra keys as reward_extra_info.
"""

import itertools
import json
import os
import time
import urllib.error
import urllib.request

_URLS = [u.strip().rstrip("/") for u in os.environ.get("REWARD_URL", "http://127.0.0.1:8000").split(",") if u.strip()]
_NEXT = itertools.cycle(range(len(_URLS)))
_TIMEOUT = float(os.environ.get("REWARD_TIMEOUT", "180"))
_TRIES = 5


def compute_score(data_source, solution_str, ground_truth, extra_info=None):
    body = json.dumps({
        "data_source": data_source,
        "solution_str": solution_str,
        "ground_truth": ground_truth,
        "extra_info": extra_info or {},
    }).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if os.environ.get("REWARD_API_KEY"):
        headers["Authorization"] = "Bearer " + os.environ["REWARD_API_KEY"]
    last = None
    for attempt in range(_TRIES):
        url = _URLS[next(_NEXT)] + "/v1/compute_score"
        try:
            request = urllib.request.Request(url, data=body, headers=headers, method="POST")
            with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")
            if e.code in (429, 503):  # queue full or still loading: wait as told, then retry
                last = RuntimeError(f"{url}: {e.code} {detail}")
                time.sleep(float(e.headers.get("Retry-After", "1")))
                continue
            raise RuntimeError(f"{url}: {e.code} {detail}") from None  # a bad request will not get better
        except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
            last = e
            time.sleep(1 + attempt)
    raise RuntimeError(f"reward service unreachable after {_TRIES} tries: {last}")
