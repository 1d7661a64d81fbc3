#!/usr/bin/env python3
"""Fails when an application class that must be reflective is not registered in the native image.

A missing reflection registration does not fail a native build: the executable fails when Jackson
first (de)serialises the class. So tooling/native/check compares what the builder registered (the report
of nativecheck.ReflectionRegistrationsFeature) with tooling/native/reflective-classes.txt, both ways:
- every listed class must have all its constructors, methods and fields (and, for a record, its
  record components) registered, as @RegisterForReflection does;
- every class of the application (target/classes) that the builder registered that way must be
  listed, so the list stays the complete, reviewed record of what the app needs reflectively.
Partial registrations (e.g. a CDI bean's private producer method) are not Jackson's concern and
are only counted.

Libraries' classes that the app's own reflect-config.json registers (Jinjava's built-ins, which it
creates reflectively) must reach the builder too: each with at least as many constructors and
methods registered as the file lists.

Usage: check_reflection.py <report.tsv> <reflective-classes.txt> <target/classes> <reflect-config.json>
"""
import json
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


def registered_count(entry, member):
    return int(entry[member].split("/")[0])


def config_problems(report, config_path):
    """Classes of the app's reflect-config.json that the builder registered less than the file asks."""
    problems = []
    entries = json.loads(Path(config_path).read_text())
    for entry in entries:
        name = entry["name"]
        wanted = entry.get("methods", [])
        constructors = sum(1 for m in wanted if m["name"] == "<init>")
        methods = len(wanted) - constructors
        if name not in report:
            problems.append(f"{name} (from {Path(config_path).name}) is not registered for reflection at all")
        elif (registered_count(report[name], "constructors") < constructors
              or registered_count(report[name], "methods") < methods):
            problems.append(f"{name} (from {Path(config_path).name}) wants {constructors} constructor(s) and {methods} "
                            f"method(s), the builder registered {report[name]['constructors']} and "
                            f"{report[name]['methods']}")
    print(f"{len(entries)} library classes in {Path(config_path).name}: "
          f"{len(entries) - len(problems)} registered as the file asks")
    return problems


def main(report_path, list_path, classes_dir, config_path):
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

    problems += config_problems(report, config_path)
    partly = sum(1 for name in report if name in app) - len(fully)
    print(f"{len(listed)} listed classes; the builder registered {len(fully)} application classes fully "
          f"and {partly} in part ({len(report)} classes of all libraries)")
    if problems:
        print("Reflection registrations do not match what the app needs:", file=sys.stderr)
        for problem in problems:
            print("  - " + problem, file=sys.stderr)
        sys.exit(1)
    print(f"all {len(listed)} listed classes are fully registered for reflection")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
