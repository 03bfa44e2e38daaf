#!/usr/bin/env python3
"""Writes the committed seed corpora of tests/fuzz/<target>/; run once by hand after changing
the seeds below (needs gcc and glib's headers for the GVariant seeds)."""
import base64
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    os.makedirs(os.path.join(HERE, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(HERE, target, name), 'wb') as f:
        f.write(data)


def variant_helper(tmp):
    exe = os.path.join(tmp, 'variant-seed')
    flags = subprocess.check_output(['pkg-config', '--cflags', '--libs', 'glib-2.0'], text=True)
    subprocess.check_call(['gcc', '-o', exe, os.path.join(HERE, 'variant-seed.c')] + flags.split())
    return exe


def variant(exe, vtype, text):
    return subprocess.check_output([exe, vtype, text])


def session_id(fields, version='1'):
    raw = base64.urlsafe_b64encode(fields.encode()).decode().rstrip('=')
    return version + '_' + raw


BROADCAST = ('{"id":"BROADCASTID","sessionId":"SESSIONID","projectId":123456,'
             '"createdAt":1538086900154,"broadcastUrls":{"hls":"https://cdn.example/p.m3u8",'
             '"rtmp":[{"status":"connecting","id":"rubyTestStream",'
             '"serverUrl":"rtmp://x.rtmp.youtube.com/live2","streamName":"66c9-jwuh"}]},'
             '"updatedAt":1538086900489,"status":"started","maxDuration":7200,'
             '"resolution":"640x480","partnerId":100,"event":"broadcast"}')
BROADCAST_MAP = ('{"id":"ef546c5a","sessionId":"SESSIONID","broadcastUrls":{"hls":"http://h/x.m3u8",'
                 '"rtmp":{"foo":{"serverUrl":"rtmps://myfooserver/app","streamName":"s1",'
                 '"status":"started"},"bar":{"id":"inner","serverUrl":"rtmp://bar/app",'
                 '"streamName":"s2","status":"live"}}},"status":"started","streamMode":"manual",'
                 '"streams":[]}')
ARCHIVE = ('{"createdAt":1395193762293,"duration":0,"id":"d7f4d2a3-da74-414d-868a-190532a835bc",'
           '"name":"ARCHIVE NAME","partnerId":123456,"reason":"","sessionId":"SESSIONID","size":0,'
           '"status":"started","url":null,"hasAudio":true,"hasVideo":false,'
           '"outputMode":"composed","resolution":"1280x720"}')

API_JSON = {
    'archive': ARCHIVE,
    'archive-list': '{"count":2,"items":[' + ARCHIVE + ',' + ARCHIVE.replace('started', 'available') + ']}',
    'broadcast': BROADCAST,
    'broadcast-rtmp-map': BROADCAST_MAP,
    'broadcast-list': '{"count":2,"items":[' + BROADCAST + ',' + BROADCAST_MAP + ']}',
    'broadcast-stopped': '{"id":"x","broadcastUrls":null,"status":"stopped"}',
    'broadcast-rtmp-odd': '{"broadcastUrls":{"rtmp":{"a":1,"b":{"id":7},"":{},"c":null}}}',
    'render': ('{"id":"80abaf0d","sessionId":"SESSIONID","projectId":"e2343f","createdAt":1437676551000,'
               '"url":"https://example.com/my-render","resolution":"1280x720","status":"starting",'
               '"streamId":"e32445b7"}'),
    'sip': ('{"id":"2299ba24","projectId":"123456","sessionId":"SESSIONID",'
            '"connectionId":"833a7182","streamId":"b1963d15","createdAt":1492468803946}'),
    'stream': ('{"id":"8b732909","videoType":"camera","name":"","layoutClassList":["full","focus"]}'),
    'error': '{"code":15008,"message":"Only routed sessions are allowed to initiate archives.","description":"x"}',
    'mixed-array': '{"a":[1,"two",3.5,true,null,{"x":1},[[]]],"b":[],"c":[{"dupKey":1,"dup_key":2}]}',
    'camel-edge': '{"":1,"A":2,"aBC":3,"a__b":4,"_x":5,"URLValue":6,"x1Y2":7}',
    'numbers': '{"big":9223372036854775807,"neg":-9223372036854775808,"f":1e308,"g":-0.0,"h":1.5e-300}',
    'double-overflow': '{"big":4775808,"f":1e3000,"broadcastUrls":{"rtmp":{}}}',
    'unicode': '{"name":"caf\\u00e9 \\ud83d\\ude00","nul":"a\\u0000b","ctl":"\\t\\n"}',
    'top-array': '[{"session_id":"1_abc"},{"x":[1,2]},3]',
    'scalar': '"just a string"',
    'deep': '{"a":' * 40 + '1' + '}' * 40,
    'truncated': ARCHIVE[:57],
    'empty': '',
    'not-json': '<html><body>502 Bad Gateway</body></html>',
}

VARDICT = {
    'session-routed': "{'media_mode': <'routed'>, 'archive_mode': <'always'>, 'archive_name': <'n'>, 'archive_resolution': <'1280x720'>}",
    'session-relayed': "{'media_mode': <'relayed'>, 'location': <'12.34.56.78'>}",
    'session-e2ee': "{'e2ee': <true>, 'archive_mode': <'manual'>}",
    'archive-start': "{'name': <'ARCHIVE NAME'>, 'has_audio': <true>, 'has_video': <false>, 'output_mode': <'composed'>, 'resolution': <'1920x1080'>, 'layout': <{'type': <'custom'>, 'stylesheet': <'s'>}>, 'stream_mode': <'manual'>, 'multi_archive_tag': <'t'>, 'max_bitrate': <uint32 500000>}",
    'archive-qp': "{'output_mode': <'individual'>, 'quantization_parameter': <byte 30>, 'max_bitrate': <int64 100000>}",
    'broadcast-start': "{'outputs': <{'hls': <{'dvr': <true>}>, 'rtmp': <[{'id': <'foo'>, 'server_url': <'rtmp://myfooserver/app'>, 'stream_name': <'s'>}, {'id': <'bar'>, 'server_url': <'rtmps://bar/app'>, 'stream_name': <'t'>}]>}>, 'layout': <{'type': <'pip'>}>, 'max_duration': <1000>, 'max_bitrate': <524288>, 'resolution': <'1920x1080'>, 'stream_mode': <'auto'>, 'multi_broadcast_tag': <'tag'>, 'has_audio': <false>, 'has_video': <true>}",
    'broadcast-dup-rtmp': "{'outputs': <{'rtmp': <[{'id': <'a'>, 'server_url': <'rtmp://h/a'>, 'stream_name': <'s'>}, {'id': <'a'>, 'server_url': <'rtmp://h/a'>, 'stream_name': <'s'>}]>}>}",
    'broadcast-hls-ll': "{'outputs': <{'hls': <{'dvr': <true>, 'low_latency': <true>}>}>}",
    'sip-dial': "{'from': <'from@example.com'>, 'headers': <{'X-Foo': 'bar'}>, 'auth': <{'username': <'u'>, 'password': <'p'>}>, 'secure': <true>, 'video': <false>, 'observe_force_mute': <true>, 'streams': <['8b732909-0a06-46a2-8ea8-074e64d43422']>}",
    'captions': "{'language_code': <'en-US'>, 'max_duration': <uint16 1800>, 'partial_captions': <true>, 'status_callback_url': <'https://example.com/cb'>}",
    'renders': "{'name': <'Composed stream'>, 'max_duration': <7200>, 'resolution': <'1280x720'>, 'properties': <{'name': <'p'>}>, 'status_callback_url': <'https://example.com/cb'>}",
    'audio-connector': "{'streams': <['s1']>, 'headers': <{'foo': 'bar'}>, 'audio_rate': <16000>, 'bidirectional': <true>}",
    'signal': "{'type': <'chat'>, 'data': <'hello'>}",
    'wrong-types': "{'media_mode': <42>, 'name': <['x']>, 'outputs': <'hls'>, 'max_duration': <'60'>, 'headers': <{'a': <1>}>}",
    'int-extremes': "{'max_duration': <uint64 18446744073709551615>, 'max_bitrate': <int64 -9223372036854775808>, 'audio_rate': <int16 -1>}",
    'duplicate-keys': "{'name': <'a'>, 'name': <'b'>, 'role': <'x'>, 'role': <1>}",
    'unknown-key': "{'no_such_option': <'x'>, '': <true>}",
    'nested-variant': "{'name': <<<'deep'>>>, 'layout': <{'type': <<'pip'>>}>}",
    'empty': "@a{sv} {}",
}
LAYOUT_CLASSES = {
    'layout-classes': "{'8b732909-0a06-46a2-8ea8-074e64d43422': ['full', 'focus'], 'x': @as []}",
}

API_KEY = '12345678'
SID_OWN = session_id('1~' + API_KEY + '~~1700000000000~abc~~')
SID_OTHER = session_id('1~123456~12.34.56.78~Mon Mar 17 01:48:55 PDT 2014~0.34~')
TOKEN = [
    ('own-default', SID_OWN, "@a{sv} {}"),
    ('own-full', SID_OWN, "{'role': <'moderator'>, 'data': <'name=Johnny \"quoted\" \\\\ back'>, 'initial_layout_class_list': <['focus', 'full']>, 'token_type': <'JWT'>}"),
    ('own-t1', SID_OWN, "{'role': <'subscriber'>, 'token_type': <'T1'>, 'data': <'a&b=c'>}"),
    ('own-publisheronly', SID_OWN, "{'role': <'publisheronly'>, 'initial_layout_class_list': <@as []>}"),
    ('own-expire-past', SID_OWN, "{'expire_time': <int64 1>}"),
    ('own-expire-int32', SID_OWN, "{'expire_time': <int32 2000000000>}"),
    ('own-bad-role', SID_OWN, "{'role': <'admin'>}"),
    ('own-bad-layout', SID_OWN, "{'initial_layout_class_list': <['a b', '']>}"),
    ('own-long-data', SID_OWN, "{'data': <'" + 'x' * 1001 + "'>}"),
    ('own-unicode', SID_OWN, "{'data': <'caf\u00e9 \U0001f600'>}"),
    ('other-key', SID_OTHER, "{'role': <'publisher'>}"),
    ('real-2025', '1_MX40NzY2NTk3MX5-MTczOTUzODg5NDk1OX5ROW1jWEcxUXJOM1RJWXU4eStwcHgvZ3N-UH5-', "@a{sv} {}"),
    ('v2-id', session_id('2~' + API_KEY + '~~0~~', '2'), "{'token_type': <'T1'>}"),
    ('bad-char', '1_MX4x!!', "@a{sv} {}"),
    ('no-tilde', session_id('nothing here'), "@a{sv} {}"),
    ('too-short', '1_a', "@a{sv} {}"),
    ('padded', SID_OWN + '==', "@a{sv} {}"),
]

CONFIG = {
    'minimal': '[API]\nKey=12345678\nSecretFile=/etc/opentokd/secret\n',
    'full': ('[API]\nKey=12345678\nSecretFile=/etc/opentokd/secret\nUrl=https://api.opentok.com/\n'
             'Timeout=20\nUserAgentAddendum=test/1\nCAFile=/etc/ssl/ca.pem\nProxy=http://proxy:3128\n'
             'MaxConnections=64\nMaxResponseBytes=8388608\n\n[Daemon]\nPlugins=archives;broadcasts;\n'
             'DisabledPlugins=sip\nIdleExitSec=300\n\n[Access]\nuser:root=all\ngroup:adm=sessions;tokens:publisher\n'
             'uid:1001=tokens:moderator;archives:read\ngid:100=moderation;admin\n'),
    'access-only': '[API]\nKey=1\n[Access]\nuid:1001=tokens:publisher\ngid:1001=archives\nuser:nosuchuser=all\n',
    'access-bad-cap': '[API]\nKey=1\n[Access]\nuid:1=archives:write\n',
    'access-bad-subject': '[API]\nKey=1\n[Access]\nhost:x=all\nuid:x=all\n',
    'access-uid-overflow': '[API]\nKey=1\n[Access]\nuid:99999999999999999999=all\ngid:-1=all\n',
    'timeout-range': '[API]\nKey=1\nTimeout=0\n',
    'timeout-huge': '[API]\nKey=1\nTimeout=18446744073709551616\n',
    'max-response-low': '[API]\nKey=1\nMaxResponseBytes=10\n',
    'unknown-keys': '[API]\nKey=1\nColour=blue\n[Unknown]\nx=y\n',
    'blank-values': '[API]\nKey=  \nUrl=\n[Daemon]\nPlugins=\n',
    'no-api': '[Daemon]\nIdleExitSec=1\n',
    'comments-locale': '# comment\n[API]\nKey=1\nKey[de]=2\n\n',
    'escapes': '[API]\nKey=a\\sb\\tc\\nd\\\\e\\x\nSecretFile=\\\n',
    'duplicate-groups': '[API]\nKey=1\n[API]\nKey=2\n[Access]\nuid:5=all\n[Access]\nuid:5=sessions\n',
    'list-edges': '[API]\nKey=1\n[Daemon]\nPlugins=;;a\\;b;\nDisabledPlugins=a;a;a\n',
    'not-keyfile': 'this is not a key file\n',
    'empty': '',
    'binary': b'[API]\nKey=\xff\xfe\x00\x01\n',
}

XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sessions><Session><session_id>'
       '1_MX4xMjM0NTZ-fk1vbiBNYXIgMTcgMDA6NDE6MzEgUERUIDIwMTR-MC42ODM3ODk1MzQ0OTQyODA4fg'
       '</session_id><partner_id>123456</partner_id><create_dt>Mon Mar 17 00:41:31 PDT 2014'
       '</create_dt></Session></sessions>')
# the first byte picks the claimed content type: 0 json, 1 application/xml, 2 text/xml, 3 none
ANSWER = {
    'json-2025': (0, '[{"session_id":"1_MX40NzY2NTk3MX5-MTczOTUzODg5NDk1OX5ROW1jWEcxUXJOM1RJWXU4eStwcHgvZ3N-UH5-",'
                     '"project_id":"47665971","partner_id":"47665971","create_dt":"Fri Feb 14 05:14:54 PST 2025",'
                     '"session_status":null,"properties":null,"ice_credential_expiration":86100}]'),
    'json-old': (0, '[{"session_id":"SESSIONID","project_id":"123456","partner_id":"123456",'
                    '"create_dt":"Fri Nov 18 15:50:36 PST 2016","media_server_url":""}]'),
    'xml': (2, XML),
    'xml-claimed-json': (0, XML),
    'xml-error': (1, '<?xml version="1.0"?><Errors><error code="403"><authenticationError message="x"/></error></Errors>'),
    'xml-unclosed': (2, '<sessions><Session><session_id>1_abc'),
    'xml-spaces': (2, '<session_id>  \n 1_abcdef \t</session_id>'),
    'xml-bad-chars': (2, '<session_id>1_a<b>c</session_id>'),
    'json-empty-array': (0, '[]'),
    'json-object': (0, '{"session_id":"1_abc"}'),
    'json-number-id': (0, '[{"session_id":12345}]'),
    'json-null-id': (0, '[{"session_id":null}]'),
    'json-first-not-object': (0, '["1_abc",{"session_id":"1_abc"}]'),
    'json-long-id': (0, '[{"session_id":"' + 'A' * 600 + '"}]'),
    'json-short-id': (0, '[{"session_id":"ab"}]'),
    'json-unicode-id': (0, '[{"session_id":"1_caf\\u00e9"}]'),
    'html': (3, '<html><body><h1>Service unavailable</h1></body></html>'),
    'empty': (3, ''),
    'nul-inside': (2, '<session_id>1_ab\x00cd</session_id>'),
}


def main():
    with tempfile.TemporaryDirectory() as tmp:
        exe = variant_helper(tmp)
        for name, text in API_JSON.items():
            write('api-json', name, text)
        for name, text in VARDICT.items():
            write('options', name, variant(exe, 'a{sv}', text))
        for name, text in LAYOUT_CLASSES.items():
            write('options', name, variant(exe, 'a{sas}', text))
        for name, sid, text in TOKEN:
            write('token', name, sid.encode() + b'\n' + variant(exe, 'a{sv}', text))
        for name, text in CONFIG.items():
            write('config', name, text)
        for name, (ctype, text) in ANSWER.items():
            write('session-answer', name, bytes([ctype]) + text.encode())
    return 0


if __name__ == '__main__':
    sys.exit(main())
