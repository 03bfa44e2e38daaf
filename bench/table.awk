# Reads the key=value lines bench/run.sh collected (one line per case and round) and prints
# the table of ratios. A figure is the median over the rounds of each round's figure.

function median(name, key,    n, i, j, t, v) {
	n = 0
	for (i = 1; i <= count[name]; i++) {
		if ((name, i, key) in val)
			v[++n] = val[name, i, key] + 0
	}
	if (n == 0)
		return -1
	for (i = 2; i <= n; i++) {
		t = v[i]
		for (j = i - 1; j >= 1 && v[j] > t; j--)
			v[j + 1] = v[j]
		v[j + 1] = t
	}
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}

function have(name) {
	return count[name] > 0
}

# one line: item, what, ratio, goal ("min:X", "max:X" or "" for information), figures
function row(item, what, ratio, goal, figures,    verdict, limit) {
	verdict = "info"
	if (goal ~ /^min:/) {
		limit = substr(goal, 5) + 0
		verdict = ratio >= limit ? "met" : "NOT MET"
		goal = ">= " limit
	} else if (goal ~ /^abs:/) {
		limit = substr(goal, 5) + 0
		verdict = ratio <= limit && ratio >= -limit ? "met" : "NOT MET"
		goal = "+-" limit
	} else if (goal ~ /^max:/) {
		limit = substr(goal, 5) + 0
		verdict = ratio <= limit ? "met" : "NOT MET"
		goal = "<= " limit
	} else {
		goal = "-"
	}
	printf "%-3s %-58s %8.3f  %-7s %-8s %s\n", item, what, ratio, goal, verdict, figures
}

function calls(name) {
	return sprintf("%s %.0f/s p50 %.0f p99 %.0f us", name, median(name, "rate"),
		       median(name, "p50_us"), median(name, "p99_us"))
}

# CPU per call of case @name, all processes: "opentokd X + dbus-daemon Y + client Z = T us"
function cpu_total(name) {
	return median("cpu-" name, "opentokd_us") + median("cpu-" name, "dbus_us") + median("cpu-" name, "client_us")
}

function cpu_parts(name) {
	return sprintf("%.1f + %.1f + %.1f = %.1f us", median("cpu-" name, "opentokd_us"),
		       median("cpu-" name, "dbus_us"), median("cpu-" name, "client_us"), cpu_total(name))
}

# with every CPU busy, the rates can be at most the inverse ratio of the CPU time per call
function cpu_versus(item, what, a, b) {
	if (have("cpu-" a) && have("cpu-" b) && cpu_total(a) > 0)
		row(item, what, cpu_total(b) / cpu_total(a), "",
		    a " " cpu_parts(a) " | " b " " cpu_parts(b) " (opentokd + dbus-daemon + client)")
}

# what one hand-over between two threads costs, to a CPU that has been idle and on one CPU
function wake(item, what,    other, same) {
	other = median("wake-other", "p50_us")
	same = median("wake-same", "p50_us")
	if (other > 0 && same > 0)
		row(item, what, other / same, "",
		    sprintf("other CPU %.1f us (p99 %.1f) | same CPU %.1f us (p99 %.1f), 1 ms apart", other,
			    median("wake-other", "p99_us"), same, median("wake-same", "p99_us")))
}

# the lowest and highest of the ratios a/b taken round by round (the cases of one round
# ran side by side), to tell a verdict on the edge from a clear one: "rounds 0.88-0.93; "
function spread(a, ka, b, kb,    i, n, r, lo, hi) {
	n = count[a] < count[b] ? count[a] : count[b]
	for (i = 1; i <= n; i++) {
		if (!((a, i, ka) in val) || !((b, i, kb) in val) || val[b, i, kb] + 0 <= 0)
			continue
		r = val[a, i, ka] / val[b, i, kb]
		if (lo == "" || r < lo)
			lo = r
		if (hi == "" || r > hi)
			hi = r
	}
	return n > 1 && lo != "" ? sprintf("rounds %.2f-%.2f; ", lo, hi) : ""
}

function versus(item, what, a, b, goal) {
	if (have(a) && have(b) && median(b, "rate") > 0)
		row(item, what, median(a, "rate") / median(b, "rate"), goal,
		    spread(a, "rate", b, "rate") calls(a) " | " calls(b))
}

{
	name = ""
	for (f = 1; f <= NF; f++) {
		split($f, kv, "=")
		if (kv[1] == "case") {
			name = kv[2]
			count[name]++
			continue
		}
		if (name != "")
			val[name, count[name], kv[1]] = kv[2]
		if (kv[1] == "errors" && kv[2] + 0 > 0)
			errors[name] += kv[2]
	}
}

END {
	printf "opentokd bench, %s; medians over rounds, each ratio from one run\n", ENVIRON["BENCH_DATE"]
	printf "%s\n\n", ENVIRON["BENCH_CALLER_NOTE"]
	printf "%-3s %-58s %8s  %-7s %-8s %s\n", "#", "ratio", "value", "goal", "verdict", "figures (calls/s, latency)"
	versus(1, "GenerateToken JWT / Ping, sequential", "jwt:1", "ping:1", "min:0.9")
	versus(1, "GenerateToken T1 / Ping, sequential", "t1:1", "ping:1", "min:0.9")
	versus(1, "GenerateToken JWT / Ping, 64 in flight", "jwt:64", "ping:64", "min:0.75")
	versus(1, "GenerateToken T1 / Ping, 64 in flight", "t1:64", "ping:64", "min:0.75")
	cpu_versus(1, "CPU per call, 64 in flight: Ping / GenerateToken JWT", "jwt:64", "ping:64")
	cpu_versus(1, "CPU per call, 64 in flight: Ping / GenerateToken T1", "t1:64", "ping:64")
	versus(2, "GenerateToken JWT sequential / SDK generateToken", "jwt:1", "node-jwt:1", "min:3")
	versus(2, "GenerateToken JWT 64 in flight / SDK generateToken", "jwt:64", "node-jwt:1", "min:3")
	# the SDK's generateToken mints a JWT unless its third argument asks for T1
	versus(2, "GenerateToken T1 sequential / SDK generateToken", "t1:1", "node-jwt:1", "min:3")
	versus(2, "GenerateToken T1 64 in flight / SDK generateToken", "t1:64", "node-jwt:1", "min:3")
	versus(2, "GenerateToken T1 sequential / SDK T1 (generateT1Token)", "t1:1", "node-t1:1", "")
	versus(2, "GenerateToken T1 64 in flight / SDK T1 (generateT1Token)", "t1:64", "node-t1:1", "")
	if (have("ctl-oneshot") && have("node-oneshot"))
		row(3, "node -e (SDK, 1 token) / opentokctl token, wall time",
		    median("node-oneshot", "p50_ms") / median("ctl-oneshot", "p50_ms"), "min:20",
		    sprintf("node %.1f ms | opentokctl %.2f ms (p50 of %d runs per round)",
			    median("node-oneshot", "p50_ms"), median("ctl-oneshot", "p50_ms"),
			    median("ctl-oneshot", "n")))
	versus(4, "Archives.List sequential / SDK listArchives", "floor-list:1", "node-list:1",
	       "min:2")
	versus(4, "Archives.List 64 in flight / SDK listArchives 64", "list:64", "node-list:64", "min:2")
	if (have("floor-list:1") && have("soup:1")) {
		floor = median("floor-ping:1", "p50_us") + median("soup:1", "p50_us")
		# the floor of each round, for the spread (the three ran in one process)
		for (i = 1; i <= count["soup:1"] && i <= count["floor-ping:1"]; i++) {
			val["floor-sum", i, "p50_us"] = val["soup:1", i, "p50_us"] + val["floor-ping:1", i, "p50_us"]
			count["floor-sum"] = i
		}
		row(4, "Archives.List p50 / (Ping p50 + bare libsoup GET p50)",
		    median("floor-list:1", "p50_us") / floor, "max:1.75",
		    spread("floor-list:1", "p50_us", "floor-sum", "p50_us") \
		    sprintf("list p50 %.0f us | ping %.0f + GET %.0f (%.0f/s) = %.0f us, same process",
			    median("floor-list:1", "p50_us"), median("floor-ping:1", "p50_us"),
			    median("soup:1", "p50_us"), median("soup:1", "rate"), floor))
	}
	if (have("list:1-after-64") && have("floor-list:1"))
		row(4, "Archives.List p50 after a 64-deep run / before",
		    median("list:1-after-64", "p50_us") / median("floor-list:1", "p50_us"), "",
		    sprintf("%.0f us | %.0f us (64 idle connections)",
			    median("list:1-after-64", "p50_us"), median("floor-list:1", "p50_us")))
	wake(4, "thread hand-over p50, to a CPU idle 1 ms / on one CPU")
	if (have("burst")) {
		row(5, "slowest of 500 calls on a 1 s path / 3 s (MaxConnections=256)",
		    median("burst", "all_done_ms") / 3000, "max:1",
		    sprintf("all %d answered in %.0f ms, p50 %.0f ms, errors %d",
			    median("burst", "completed"), median("burst", "all_done_ms"),
			    median("burst", "p50_ms"), median("burst", "errors")))
		row(5, "GenerateToken p99 meanwhile / idle p99",
		    median("jwt:1-during-burst", "p99_us") / median("jwt:1-idle", "p99_us"), "max:2",
		    sprintf("p99 %.0f us (p50 %.0f, max %.1f ms, %d calls) | idle p99 %.0f us (p50 %.0f)",
			    median("jwt:1-during-burst", "p99_us"), median("jwt:1-during-burst", "p50_us"),
			    median("jwt:1-during-burst", "max_us") / 1000,
			    median("jwt:1-during-burst", "n"), median("jwt:1-idle", "p99_us"),
			    median("jwt:1-idle", "p50_us")))
	}
	if (have("cpu-burst") && have("cpu-burst-wall")) {
		busy = median("cpu-burst", "emulator_ms") + median("cpu-burst", "dbus_ms") + \
		       median("cpu-burst", "opentokd_ms") + median("cpu-burst", "client_ms")
		capacity = median("cpu-burst-wall", "ms") * median("cpu-burst-wall", "cpus")
		row(5, "CPU used meanwhile / CPUs x wall time", busy / capacity, "",
		    sprintf("opentokd %.0f, dbus-daemon %.0f, emulator %.0f, clients %.0f ms of %d x %.0f ms",
			    median("cpu-burst", "opentokd_ms"), median("cpu-burst", "dbus_ms"),
			    median("cpu-burst", "emulator_ms"), median("cpu-burst", "client_ms"),
			    median("cpu-burst-wall", "cpus"), median("cpu-burst-wall", "ms")))
	}
	if (have("rss-daemon-idle") && have("rss-bare"))
		row(6, "opentokd idle RSS, all 9 plugins / bare process",
		    median("rss-daemon-idle", "kib") / median("rss-bare", "kib"), "max:1.5",
		    sprintf("%.1f MiB | %.1f MiB (GLib loop, sd-bus name+object, SoupSession, json-glib, GnuTLS)",
			    median("rss-daemon-idle", "kib") / 1024, median("rss-bare", "kib") / 1024))
	if (have("load-after")) {
		before = median("load-after", "rss_before")
		after = median("load-after", "rss_after")
		row(6, "RSS after / before 10 000 mixed calls (50 clients)", after / before, "max:1.1",
		    sprintf("%.1f MiB | %.1f MiB", after / 1024, before / 1024))
		if (have("rss-daemon-idle"))
			row(6, "RSS after all the bench's calls / fresh idle",
			    after / median("rss-daemon-idle", "kib"), "",
			    sprintf("%.1f MiB | %.1f MiB", after / 1024,
				    median("rss-daemon-idle", "kib") / 1024))
		row(8, "open fds after - before 10 000 mixed calls, API pool aside",
		    median("load-after", "fds_after") - median("load-after", "fds_before"), "abs:2",
		    sprintf("%d | %d fds; API connections %d | %d (MaxConnections 64)",
			    median("load-after", "fds_after"), median("load-after", "fds_before"),
			    median("load-after", "api_after"), median("load-after", "api_before")))
	}
	if (have("load"))
		row(8, "failed / all calls, 50 clients x 200 mixed calls",
		    median("load", "errors") / median("load", "calls"), "max:0",
		    sprintf("%d calls, %d errors, %.0f calls/s, p50 %.0f p99 %.0f us, %.1f s",
			    median("load", "calls"), median("load", "errors"), median("load", "rate"),
			    median("load", "p50_us"), median("load", "p99_us"),
			    median("load", "wall_s")))
	for (name in errors)
		printf "!! %s: %d failed calls (see stderr)\n", name, errors[name]
}
