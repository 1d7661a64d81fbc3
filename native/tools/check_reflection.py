#!/usr/bin/env python3
"""Fails when an application class that must be reflective is not registered in the native image.

A missing reflection registration does not fail a native build: the executable fails when Jackson
first (de)serialises the class. So native/check compares what the builder registered (the report
of nativecheck.ReflectionRegistrationsFeature) with native/reflective-classes.txt, both ways:
- every listed class must have all its constructors, methods and fields (and, for a record, its
  record components) registered, as @RegisterForReflection does;
- every class of the application (target/classes) that the builder registered that way must be
  listed, so the list stays the complete, reviewed record of what the app needs reflectively.
Partial registrations (e.g. a CDI bean's private producer method) are not Jackson's concern and
are only counted.

Usage: check_reflection.py <report.tsv> <reflective-classes.txt> <target/classes>
"""
import sys
from pathlib import Path


def read_list(path):
    names = {}
    for number, line in enumerate(Path(path).read_text().splitlines(), 1):
        name = line.split("#", 1)[0].strip()
        if name:
            names[name] = number
    return names


def read_report(path):
    report = {}
    for line in Path(path).read_text().splitlines():
        name, kind, constructors, methods, fields, components = line.split("\t")
        report[name] = dict(kind=kind, constructors=constructors, methods=methods, fields=fields,
                            components=components)
    return report


def app_classes(classes_dir):
    root = Path(classes_dir)
    return {str(p.relative_to(root).with_suffix("")).replace("/", ".")
            for p in root.rglob("*.class") if p.name != "module-info.class"}


def missing_members(entry):
    """What Jackson would not find reflectively: members registered fewer than declared."""
    missing = []
    for member in ("constructors", "methods", "fields"):
        registered, declared = entry[member].split("/")
        if registered != declared:
            missing.append(f"{member} {registered} of {declared} registered")
    if entry["components"] == "no":
        missing.append("record components not registered")
    return missing


def main(report_path, list_path, classes_dir):
    report = read_report(report_path)
    listed = read_list(list_path)
    app = app_classes(classes_dir)
    problems = []
    for name, line in sorted(listed.items(), key=lambda item: item[1]):
        if name not in app:
            problems.append(f"{list_path}:{line}: {name} is listed but is not a class of the application")
        elif name not in report:
            problems.append(f"{name} is not registered for reflection at all "
                            "(it lost its @RegisterForReflection or its reflection configuration)")
        elif missing_members(report[name]):
            problems.append(f"{name} is only partly registered: {', '.join(missing_members(report[name]))}")
    fully = {name for name, entry in report.items() if name in app and not missing_members(entry)}
    for name in sorted(fully - listed.keys()):
        problems.append(f"{name} is fully registered for reflection but not listed in {list_path}; "
                        "if the app relies on it (Jackson, Funqy), add the line: " + name)

    partly = sum(1 for name in report if name in app) - len(fully)
    print(f"{len(listed)} listed classes; the builder registered {len(fully)} application classes fully "
          f"and {partly} in part ({len(report)} classes of all libraries)")
    if problems:
        print("Reflection registrations do not match native/reflective-classes.txt:", file=sys.stderr)
        for problem in problems:
            print("  - " + problem, file=sys.stderr)
        sys.exit(1)
    print(f"all {len(listed)} listed classes are fully registered for reflection")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
