#!/usr/bin/perl
# Checks the Print Assumptions of every main theorem.
#
# usage: check-assumptions.pl PROOFS_DIR FILE...
# Each FILE is a proofs/*/PrintAssumptions.v: Requires and one `Print Assumptions name.` line per
# theorem. The file is compiled with `coqc -R PROOFS_DIR Aether` (a copy with a marker printed
# before each Print Assumptions, so every output block is tied to its theorem). A theorem passes
# only if its output is "Closed under the global context" or an "Axioms:" list naming only axioms
# declared in spec/Axioms.v. Anything else (undocumented axioms, section variables, assumed
# positivity or guardedness, type-in-type) fails, as does a file with no theorem or a coqc error.
use strict;
use warnings;
use File::Temp qw(tempdir);

my ($root, @files) = @ARGV;
die "usage: $0 PROOFS_DIR FILE...\n" unless defined $root;

# The documented axioms: every name declared by Axiom(s)/Parameter(s)/Conjecture in spec/Axioms.v.
my %documented;
{
    open my $fh, '<', "$root/spec/Axioms.v" or die "cannot read $root/spec/Axioms.v: $!\n";
    local $/;
    my $text = <$fh>;
    1 while $text =~ s/\(\*(?:(?!\(\*|\*\)).)*\*\)//gs;    # drop (nested) comments, innermost first
    while ($text =~ /\b(?:Axioms?|Parameters?|Conjecture)\s+([^:]+?)\s*:/g) {
        $documented{$_} = 1 for split /\s+/, $1;
    }
}

# Is the qualified name Coq printed (shortest unambiguous form) one of the documented axioms?
sub documented {
    my ($printed) = @_;
    for my $name (keys %documented) {
        my $full = "Aether.spec.Axioms.$name";
        return 1 if $printed eq $full || $full =~ /(?:^|\.)\Q$printed\E$/;
    }
    return 0;
}

my $tmp = tempdir(CLEANUP => 1);
my ($theorems, $failures, $n) = (0, 0, 0);
for my $file (@files) {
    $n++;
    open my $in, '<', $file or die "cannot read $file: $!\n";
    my @names;
    my $wrapper = '';
    while (my $line = <$in>) {
        if ($line =~ /^\s*Print\s+Assumptions\s+([\w.']+)\s*\.\s*$/) {
            push @names, $1;
            $wrapper .= "Goal True. idtac \"\@\@\@ $1\". Abort.\n";
        }
        $wrapper .= $line;
    }
    close $in;
    if (!@names) {
        print "check-assumptions: FAIL $file has no `Print Assumptions name.` line\n";
        $failures++;
        next;
    }
    my $copy = "$tmp/PrintAssumptions$n.v";
    open my $out, '>', $copy or die "cannot write $copy: $!\n";
    print $out $wrapper;
    close $out;
    my @output = `coqc -R '$root' Aether '$copy'`;
    if ($? != 0) {
        print "check-assumptions: FAIL coqc on $file exited with status " . ($? >> 8) . "\n";
        $failures++;
        next;
    }
    my (%blocks, @order, $current);
    for my $line (@output) {
        chomp $line;
        if ($line =~ /^\@\@\@ (\S+)$/) {
            $current = $1;
            push @order, $current;
            $blocks{$current} = [];
        } elsif (defined $current) {
            push @{ $blocks{$current} }, $line;
        } elsif ($line =~ /\S/) {
            print "check-assumptions: FAIL $file printed unexpected output: $line\n";
            $failures++;
        }
    }
    for my $name (@names) {
        $theorems++;
        my @lines = @{ $blocks{$name} // [] };
        my $verdict = judge(\@lines);
        print "check-assumptions: " . ($verdict =~ /^ok/ ? 'ok  ' : 'FAIL') . " $name: $verdict\n";
        $failures++ unless $verdict =~ /^ok/;
    }
}

# Returns "ok: ..." or the reason a theorem's Print Assumptions output is not acceptable.
sub judge {
    my ($lines) = @_;
    my @text = grep { /\S/ } @$lines;
    return 'no output (did Print Assumptions run?)' unless @text;
    if (@text == 1 && $text[0] eq 'Closed under the global context') {
        return 'ok: closed under the global context';
    }
    return "unexpected output: $text[0]" unless $text[0] eq 'Axioms:';
    my (@ok, @bad);
    for my $line (@text[1 .. $#text]) {
        next if $line =~ /^\s/;    # continuation of a multi-line type
        if ($line =~ /^(\S+)(?:\s*:.*)?$/ && $line !~ /:$/) {
            my $ax = $1;
            if (documented($ax)) { push @ok, $ax } else { push @bad, $ax }
        } else {
            return "unexpected output: $line";    # another header (section variables, positivity...)
        }
    }
    return 'undocumented axioms: ' . join(', ', @bad) if @bad;
    return 'ok: only documented axioms: ' . join(', ', @ok);
}

print "check-assumptions: $theorems theorems in $n files, $failures failures\n";
exit($failures ? 1 : 0);
