#!/usr/bin/python3
"""Checks a mail as an MTA received it from nines-mail-report, with Python's email module.

Usage: mail-check.py MESSAGE ARGV [--to ADDR]... [--from ADDR] [--subject TEXT]
                     [--body-has TEXT]... [--attach FILE]...

MESSAGE is the message the MTA read on its standard input, ARGV its arguments, one per
line.  Checks that the message is multipart/mixed (text/plain alone without --attach);
that its first part is a text/plain body holding each --body-has text; that the other parts are exactly the --attach files,
in that order, each an attachment named after the file (its base name), of type
text/html (.html), application/pdf (.pdf), text/csv (.csv) or application/json (.json),
whose decoded bytes equal the file (a PDF's starting with %PDF-); that To: holds exactly the --to addresses and that
the MTA was given exactly them after its "--", no argument there starting with '-'; the
From: address when --from is given, the Subject: when --subject is given.  Exit 0, or 1
with one line per problem.
"""
import argparse
import email
import email.policy
import email.utils
import os
import sys

TYPES = {".html": "text/html", ".pdf": "application/pdf", ".csv": "text/csv",
         ".json": "application/json"}


def check(args):
    problems = []
    with open(args.message, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    with open(args.argv, encoding="utf-8") as f:
        argv = f.read().splitlines()

    if not args.attach:
        parts = [msg]  # a plain text message, nothing attached
    elif msg.get_content_type() != "multipart/mixed":
        return ["message is %s, not multipart/mixed" % msg.get_content_type()]
    else:
        parts = list(msg.iter_parts())
    body = parts[0]
    if body.get_content_type() != "text/plain" or body.get_content_disposition() == "attachment":
        problems.append("first part is %s (%s), not a text/plain body" %
                        (body.get_content_type(), body.get_content_disposition()))
    else:
        text = body.get_content()
        for want in args.body_has:
            if want not in text:
                problems.append("body lacks %r:\n%s" % (want, text))

    attached = parts[1:]
    if len(attached) != len(args.attach):
        problems.append("%d attachments, want %d (%s)" %
                        (len(attached), len(args.attach), ", ".join(args.attach)))
    for part, path in zip(attached, args.attach):
        name = os.path.basename(path)
        want_type = TYPES[os.path.splitext(name)[1]]
        if part.get_content_disposition() != "attachment":
            problems.append("%s: disposition %s" % (name, part.get_content_disposition()))
        if part.get_filename() != name:
            problems.append("attachment named %r, want %r" % (part.get_filename(), name))
        if part.get_content_type() != want_type:
            problems.append("%s: type %s, want %s" % (name, part.get_content_type(), want_type))
        data = part.get_payload(decode=True)
        with open(path, "rb") as f:
            if data != f.read():
                problems.append("%s: decoded attachment differs from the file" % name)
        if want_type == "application/pdf" and not data.startswith(b"%PDF-"):
            problems.append("%s: not a PDF document" % name)

    to = [a for _, a in email.utils.getaddresses(msg.get_all("To", []))]
    if to != args.to:
        problems.append("To: %s, want %s" % (to, args.to))
    if "--" not in argv:
        problems.append("no '--' in the MTA's arguments %s" % argv)
    else:
        rcpt = argv[argv.index("--") + 1:]
        if rcpt != args.to:
            problems.append("MTA recipients %s, want %s" % (rcpt, args.to))
    if args.sender is not None:
        got = email.utils.parseaddr(str(msg["From"]))[1]
        if got != args.sender:
            problems.append("From: %s, want %s" % (got, args.sender))
    if args.subject is not None and str(msg["Subject"]) != args.subject:
        problems.append("Subject: %r, want %r" % (str(msg["Subject"]), args.subject))
    return problems


def main():
    p = argparse.ArgumentParser()
    p.add_argument("message")
    p.add_argument("argv")
    p.add_argument("--to", action="append", default=[])
    p.add_argument("--from", dest="sender")
    p.add_argument("--subject")
    p.add_argument("--body-has", action="append", default=[])
    p.add_argument("--attach", action="append", default=[])
    problems = check(p.parse_args())
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
