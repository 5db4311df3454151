#!/usr/bin/env python3
"""Aggregates JFR execution samples by the first org.aetherdb frame on the stack (so time in the JDK
is charged to the engine method that called it) and by thread, from `jfr print --json`.

  python3 aether-bench/scripts/jfr_callers.py FILE.jfr [TOP]
"""
import collections, json, os, subprocess, sys

def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jfr")
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    by_caller, by_top, by_thread = collections.Counter(), collections.Counter(), collections.Counter()
    for e in events:
        frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
        names = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in frames]
        if not names:
            continue
        by_top[names[0]] += 1
        caller = next((n for n in names if n.startswith("org.aetherdb.") and ".bench." not in n), "(no engine frame)")
        by_caller[caller] += 1
        t = e["values"].get("sampledThread") or {}
        by_thread[(t.get("javaName") or t.get("osName") or "?").split("-")[0]] += 1
    total = sum(by_top.values())
    print(f"{total} Java samples")
    for title, c in (("first engine frame (JDK time charged to its caller)", by_caller), ("top frame", by_top), ("thread", by_thread)):
        print(f"-- by {title}")
        for name, n in c.most_common(top):
            print(f"{n:6d} {100.0 * n / total:5.1f}%  {name}")

if __name__ == "__main__":
    main()
