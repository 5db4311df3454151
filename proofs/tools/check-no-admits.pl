#!/usr/bin/perl
# Fails if a .v file outside spec/Axioms.v leaves a proof open or assumes something:
# Admitted, admit, give_up, Admit Obligations, or a declaration of Axiom(s), Parameter(s) or
# Conjecture. Comments and strings are blanked first (keeping line numbers), so prose may say
# "admit"; the words are matched as whole identifiers.
#
# usage: check-no-admits.pl FILE...
use strict;
use warnings;

my @forbidden = qw(Admitted admit give_up Admit Axiom Axioms Parameter Parameters Conjecture);
my $pattern = join '|', @forbidden;
my ($files, $hits) = (0, 0);
for my $file (@ARGV) {
    next if $file =~ m{(?:^|/)spec/Axioms\.v$};
    $files++;
    open my $fh, '<', $file or die "cannot read $file: $!\n";
    local $/;
    my $code = blank(<$fh>);
    close $fh;
    my $line = 0;
    for my $text (split /\n/, $code, -1) {
        $line++;
        while ($text =~ /(?<![\w'.])($pattern)(?![\w'])/g) {
            print "check-no-admits: FAIL $file:$line uses `$1`\n";
            $hits++;
        }
    }
}
print "check-no-admits: $files files scanned, $hits forbidden uses\n";
exit($hits ? 1 : 0);

# The text with (nested) comments and string literals replaced by spaces, newlines kept.
sub blank {
    my ($s) = @_;
    my ($out, $depth, $in_string) = ('', 0, 0);
    my $i = 0;
    while ($i < length $s) {
        my $two = substr $s, $i, 2;
        my $c = substr $s, $i, 1;
        if ($in_string) {
            if ($two eq '""') { $out .= '  '; $i += 2; next; }    # escaped quote
            $in_string = 0 if $c eq '"';
            $out .= $c eq "\n" ? "\n" : ' ';
        } elsif ($two eq '(*') {
            $depth++; $out .= '  '; $i += 2; next;
        } elsif ($depth > 0 && $two eq '*)') {
            $depth--; $out .= '  '; $i += 2; next;
        } elsif ($depth > 0) {
            $out .= $c eq "\n" ? "\n" : ' ';
        } elsif ($c eq '"') {
            $in_string = 1; $out .= ' ';
        } else {
            $out .= $c;
        }
        $i++;
    }
    return $out;
}
