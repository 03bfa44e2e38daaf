#!/bin/bash
# The opentokctl bash completion, sourced into this shell: first completions a user would
# try (command words, options, option values, the '=' forms bash splits), then, with the
# built opentokctl, that it knows every command and option that opentokctl --help lists.
# Exit 0 pass, 1 fail.
#
# Usage: completion-test.sh COMPLETION_FILE [OPENTOKCTL]
set -u
completion=$1
opentokctl=${2:-}
failures=0

# shellcheck source-path=SCRIPTDIR source=opentokctl
source "$completion" || { echo "FAIL: cannot source $completion"; exit 1; }
[[ $(complete -p opentokctl 2>/dev/null) == 'complete -F _opentokctl opentokctl' ]] ||
	{ echo "FAIL: sourcing $completion registers no completion for opentokctl"; exit 1; }

# outside a real completion compopt fails; record what the completion asks of it instead
nospace=0
compopt() { [[ $* == '-o nospace' ]] && nospace=1; return 0; }

# run the completion on WORDS as bash splits a command line (the last one is under the
# cursor); leaves COMPREPLY sorted, joined by spaces, in $reply (sorted in bash: a fork per
# check makes the test slow)
run_completion() {
	local i j w
	local -a sorted=()
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	nospace=0
	_opentokctl opentokctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	for w in "${COMPREPLY[@]}"; do
		for ((i = 0; i < ${#sorted[@]}; i++)); do
			[[ $w < ${sorted[i]} ]] && break
		done
		for ((j = ${#sorted[@]}; j > i; j--)); do
			sorted[j]=${sorted[j - 1]}
		done
		sorted[i]=$w
	done
	reply="${sorted[*]}"
}

# expect "EXPECTED" WORDS...: the completions, sorted, separated by one space
expect() {
	local want=$1
	shift
	run_completion "$@"
	if [[ $reply != "$want" ]]; then
		echo "FAIL: completing [$*]: got [$reply], want [$want]"
		failures=$((failures + 1))
	fi
}

# expect_has WORD WORDS...: WORD is among the completions
expect_has() {
	local want=$1
	shift
	run_completion "$@"
	if [[ " $reply " != *" $want "* ]]; then
		echo "FAIL: completing [$*]: [$want] missing from [$reply]"
		failures=$((failures + 1))
	fi
}

resolutions='1080x1920 1280x720 1920x1080 480x640 640x480 720x1280'
layouts='bestFit custom horizontalPresentation pip verticalPresentation'

# command words
expect 'archive audio-connector broadcast captions connection render session signal sip status stream token' \
	opentokctl ''
expect 'archive audio-connector' opentokctl a
expect 'add-stream delete get layout list remove-stream start stop wait' opentokctl archive ''
expect 'layout list' opentokctl --json archive l
expect 'layout list' opentokctl --session archive l
expect 'mute mute-all' opentokctl stream mu
expect '' opentokctl status ''
expect '' opentokctl archive start ''
# the value of --bus-address, split by bash at ':' and '=', is no command word
expect 'start stop' opentokctl --bus-address unix : path = /run/x archive st
expect 'start stop' opentokctl --bus-address = unix : path = /run/x archive st

# options
expect '--output-mode=' opentokctl archive start S --ou
run_completion opentokctl token S --ro
[[ $reply == --role= && $nospace == 1 ]] ||
	{ echo "FAIL: --ro: got [$reply] nospace=$nospace, want [--role=] nospace=1"; failures=$((failures + 1)); }
run_completion opentokctl session create --e2
[[ $reply == --e2ee && $nospace == 0 ]] ||
	{ echo "FAIL: --e2: got [$reply] nospace=$nospace, want [--e2ee] nospace=0"; failures=$((failures + 1)); }
expect '--hls --hls-dvr --hls-low-latency' opentokctl broadcast start S --hl
expect '--session --status= --system' opentokctl archive wait A --s
# in the list commands --session is the session filter, the bus flag only before them
expect '--session= --system' opentokctl archive list --s
expect '--session --system' opentokctl --s
expect '--count=' opentokctl archive list --session S --c
expect '--offset=' opentokctl render list --o
expect '' opentokctl status --role

# values: as a separate word, after '=' (split by bash or not), and per command for --type
expect 'composed individual' opentokctl archive start S --output-mode ''
expect "$resolutions" opentokctl archive start S --resolution =
expect '1280x720' opentokctl archive start S --resolution = 12
expect '--role=moderator' opentokctl token S --role=mod
expect 'publisher publisheronly' opentokctl token S --role pub
expect 'JWT T1' opentokctl token S --type ''
expect "$layouts" opentokctl archive layout A --type ''
expect "$layouts" opentokctl broadcast layout B --type = ''
expect '' opentokctl signal S --type ''
expect 'available' opentokctl archive wait A --status av
expect 'auto manual' opentokctl broadcast start S --stream-mode = ''
expect 'relayed routed' opentokctl session create --media-mode ''
expect 'always manual' opentokctl session create --archive-mode = ''
expect 'en-AU en-GB en-US' opentokctl captions start S --language en-
expect '16000 8000' opentokctl audio-connector connect S wss : //x --audio-rate ''
expect 'bestFit horizontalPresentation pip verticalPresentation' \
	opentokctl archive start S --screenshare-type ''

# against the program: every command word and option its help lists
help_block() { # help_block TITLE TEXT: in $block, the lines under "TITLE:" up to a blank one
	local line in=0
	block=()
	while IFS= read -r line; do
		if ((in)); then
			[[ -z $line ]] && break
			block+=("$line")
		elif [[ $line == "$1:" ]]; then
			in=1
		fi
	done <<<"$2"
}
first_words() { # first_words: in $words, the command word of each line of $block
	local line
	words=()
	for line in "${block[@]}"; do
		[[ $line =~ ^\ \ ([a-z][a-z-]*) ]] && words+=("${BASH_REMATCH[1]}")
	done
}
check_options() { # check_options WORDS...: the options of a command's help
	local help name line
	local -a names=()
	help=$("$opentokctl" "$@" --help) || { echo "FAIL: opentokctl $* --help"; failures=$((failures + 1)); return; }
	run_completion opentokctl "$@" --
	for title in Options 'Common options'; do
		help_block "$title" "$help"
		for line in "${block[@]}"; do
			[[ $line =~ ^\ \ (-[a-z],\ )?(--[a-z0-9-]+=?) ]] && names+=("${BASH_REMATCH[2]}")
		done
	done
	((${#names[@]} > 0)) || { echo "FAIL: opentokctl $* --help lists no options"; failures=$((failures + 1)); }
	for name in "${names[@]}"; do
		# the common --session is the session filter in the list commands: same name
		if [[ " $reply " != *" $name "* && " $reply " != *" ${name%=}= "* &&
			" $reply " != *" ${name%=} "* ]]; then
			echo "FAIL: opentokctl $* offers no $name"
			failures=$((failures + 1))
		fi
	done
}
if [[ -n $opentokctl ]]; then
	help_block Commands "$("$opentokctl" --help)"
	first_words
	groups=()
	for group in "${words[@]}"; do
		[[ " ${groups[*]} " == *" $group "* ]] || groups+=("$group")
	done
	((${#groups[@]} > 10)) || { echo "FAIL: too few commands in opentokctl --help"; failures=$((failures + 1)); }
	for group in "${groups[@]}"; do
		expect_has "$group" opentokctl ''
		help=$("$opentokctl" "$group" --help)
		if [[ ${help%%$'\n'*} == *' COMMAND [ARGUMENTS]' ]]; then
			help_block Commands "$help"
			first_words
			for sub in "${words[@]}"; do
				expect_has "$sub" opentokctl "$group" ''
				check_options "$group" "$sub"
			done
		else
			check_options "$group"
		fi
	done
fi

if ((failures > 0)); then
	echo "$failures failures"
	exit 1
fi
echo "ok"
