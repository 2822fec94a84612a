/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Batch files ("smtp25ctl -b FILE"): splitting the text into commands and
 * words, and quoting words so that they split back the same ("save").
 *
 * The grammar is a subset of the shell's, so that a batch file means what
 * it looks like it means:
 *   - words are separated by blanks (space, tab, CR); an unquoted newline
 *     ends the command; empty lines are skipped;
 *   - '#' at the start of a word starts a comment up to the end of line;
 *   - "..." groups, and inside it a backslash escapes '"', '\', '$', '`'
 *     and the newline (removed: line continuation); any other backslash
 *     stays as it is; a newline inside quotes is part of the word;
 *   - '...' groups with no escapes at all;
 *   - outside quotes a backslash escapes the next character, and a
 *     backslash-newline continues the command on the next line;
 *   - quoted and unquoted parts next to each other make one word.
 * There are no expansions of any kind.
 */
#ifndef CTL_WORDS_H
#define CTL_WORDS_H

#include <stddef.h>
#include <stdio.h>

/* The words of one command. */
struct ctl_words {
	int argc;
	char **argv;		/* argc entries and a NULL */
	/* (internal) the words' bytes and their offsets in it */
	char *text;
	size_t text_len, text_cap;
	size_t *offs;
	size_t offs_cap;
};

/*
 * Split the next command of buf[*pos .. len) into w, advancing *pos and
 * counting newlines in *line (start it at 1); *cmd_line is set to the
 * line the command starts on.  Returns 1 with a command in w, 0 at the
 * end of the text, -1 with a reason in err.
 */
int ctl_words_next(const char *buf, size_t len, size_t *pos,
		   unsigned long *line, unsigned long *cmd_line,
		   struct ctl_words *w, char *err, size_t errsz);

void ctl_words_free(struct ctl_words *w);

/*
 * Write s as one word that ctl_words_next() (and sh) read back as s:
 * bare when it is made of safe characters only, else double-quoted.
 */
void ctl_quote_word(FILE *fp, const char *s);

#endif
