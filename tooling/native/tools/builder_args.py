#!/usr/bin/env python3
"""Translates Quarkus's native-image.args (driver syntax) into what the GraalVM builder takes.

The `native-image` driver is not published on Maven Central, so tooling/native/check launches the builder
itself and must do the driver's work: turn its API options into -H: options, build the image class
path from `-jar`, carry the runner jar manifest's Add-Opens/Add-Exports over to the builder JVM,
and hand every META-INF/native-image configuration file of the class path to the builder (applying
`Args` of native-image.properties and the --exclude-config patterns).

Usage: builder_args.py <native-sources-dir> <jvm-options-out> <builder-args-out>
Each output file has one argument per line. Unknown driver options are an error, never dropped.
"""
import re
import sys
import zipfile
from pathlib import Path, PurePosixPath

# Driver API options that map one to one onto a builder option.
API_OPTIONS = {
    "--features": "Features",
    "--enable-url-protocols": "EnableURLProtocols",
    "--enable-monitoring": "EnableMonitoringFeatures",
    "--enable-native-access": "EnableNativeAccess",
    "--add-exports": "AddExports",
    "--add-opens": "AddOpens",
    "--add-reads": "AddReads",
    "--trace-class-initialization": "TraceClassInitialization",
}
CLASS_INITIALIZATION = {
    "--initialize-at-run-time": "run_time",
    "--initialize-at-build-time": "build_time",
}
# The driver hands each of these META-INF/native-image files to the builder as a resource option.
CONFIG_RESOURCES = {
    "reachability-metadata.json": "ReachabilityMetadataResources",
    "jni-config.json": "JNIConfigurationResources",
    "foreign-config.json": "ForeignResources",
    "reflect-config.json": "ReflectionConfigurationResources",
    "resource-config.json": "ResourceConfigurationResources",
    "proxy-config.json": "DynamicProxyConfigurationResources",
    "serialization-config.json": "SerializationConfigurationResources",
    "serialization-deny-config.json": "SerializationDenyConfigurationResources",
    "predefined-classes-config.json": "PredefinedClassesConfigurationResources",
}
META_INF = "META-INF/native-image/"


class Translation:
    def __init__(self):
        self.jvm = []
        self.builder = []
        self.excluded = []  # (jar pattern, resource pattern)
        self.image_name = None
        self.jar = None

    def experimental(self, option):
        # Resource options are experimental when not given through the driver's API.
        self.builder += ["-H:+UnlockExperimentalVMOptions", option, "-H:-UnlockExperimentalVMOptions"]

    def accept(self, args, origin, allow_positional):
        """Applies driver arguments; origin names where they come from, for error messages."""
        i = 0
        while i < len(args):
            arg = args[i]
            name, has_value, value = arg.partition("=")
            if arg.startswith("-J"):
                self.jvm.append(arg[2:])
            elif arg.startswith(("-H:", "-R:")):
                self.builder.append(arg)
            elif name in API_OPTIONS and has_value:
                self.builder.append(f"-H:{API_OPTIONS[name]}={value}")
            elif name in CLASS_INITIALIZATION and has_value and value:
                phase = CLASS_INITIALIZATION[name]
                entries = ",".join(f"{c}:{phase}" for c in value.split(",") if c)
                self.builder.append(f"-H:ClassInitialization={entries}")
            elif arg == "--no-fallback":
                self.builder.append("-H:FallbackThreshold=0")
            elif name == "--link-at-build-time" and allow_positional:
                # On the command line, no value means every class of the class path.
                self.builder.append(f"-H:LinkAtBuildTime={value}")
            elif re.fullmatch(r"-O[0-3bs]", arg):
                self.builder.append(f"-H:Optimize={arg[2:]}")
            elif arg == "--exclude-config" and i + 2 < len(args):
                self.excluded.append((re.compile(args[i + 1]), re.compile(args[i + 2])))
                i += 2
            elif arg == "-jar" and allow_positional and i + 1 < len(args):
                self.jar = args[i + 1]
                i += 1
            elif not arg.startswith("-") and allow_positional and self.image_name is None:
                self.image_name = arg
            else:
                sys.exit(f"builder_args: {origin}: driver option not supported here: {arg} "
                         "(add its translation to tooling/native/tools/builder_args.py)")
            i += 1


def java_properties(text):
    """Minimal java.util.Properties reading: comments, `key = value`, backslash continuations."""
    props, logical = {}, ""
    for line in text.splitlines():
        stripped = line.strip()
        if not logical and (not stripped or stripped[0] in "#!"):
            continue
        if stripped.endswith("\\"):
            # As in Java: the next line continues this one, without its leading whitespace.
            logical += stripped[:-1]
            continue
        match = re.match(r"([^=:\s]+)\s*[=:\s]\s*(.*)", logical + stripped)
        if match:
            props[match.group(1)] = match.group(2)
        logical = ""
    return props


def apply_meta_inf(translation, entry):
    """Does for one class-path jar what the driver does with its META-INF/native-image files."""
    if not zipfile.is_zipfile(entry):
        return
    with zipfile.ZipFile(entry) as jar:
        for resource in sorted(jar.namelist()):
            if not resource.startswith(META_INF) or resource.endswith("/"):
                continue
            file_name = PurePosixPath(resource).name
            if any(j.search(str(entry)) and r.search("/" + resource) for j, r in translation.excluded):
                continue
            if file_name == "native-image.properties":
                props = java_properties(jar.read(resource).decode("utf-8"))
                component = str(PurePosixPath(resource).parent)
                for key in ("JavaArgs", "Args"):
                    value = props.get(key, "").replace("${.}", component)
                    if "${" in value:
                        sys.exit(f"builder_args: {entry}!{resource}: unsupported substitution in {value}")
                    if key == "JavaArgs":
                        translation.jvm += value.split()
                    else:
                        translation.accept(value.split(), f"{entry.name}!{resource}", allow_positional=False)
            elif file_name in CONFIG_RESOURCES:
                translation.experimental(f"-H:{CONFIG_RESOURCES[file_name]}={resource}")


def manifest(jar_path):
    with zipfile.ZipFile(jar_path) as jar:
        text = jar.read("META-INF/MANIFEST.MF").decode("utf-8").replace("\r\n", "\n").replace("\n ", "")
    return dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)


def main(sources, jvm_out, builder_out):
    sources = Path(sources).resolve()
    text = (sources / "native-image.args").read_text()
    if '"' in text or "'" in text:
        sys.exit("builder_args: quoted arguments in native-image.args are not supported")
    translation = Translation()
    translation.accept(text.split(), "native-image.args", allow_positional=True)
    if translation.jar is None or translation.image_name is None:
        sys.exit("builder_args: native-image.args names no -jar and image name")

    runner = sources / translation.jar
    attributes = manifest(runner)
    classpath = [runner] + [runner.parent / p for p in attributes.get("Class-Path", "").split()]
    missing = [str(p) for p in classpath if not p.exists()]
    if missing:
        sys.exit(f"builder_args: class-path entries missing: {missing[:5]}")
    # Build-time class initialisation runs in the builder JVM, which needs the runner's opens.
    for attribute, flag in (("Add-Opens", "--add-opens"), ("Add-Exports", "--add-exports")):
        translation.jvm += [f"{flag}={p}=ALL-UNNAMED" for p in attributes.get(attribute, "").split()]
    for entry in classpath:
        apply_meta_inf(translation, entry)

    translation.builder += [
        "-imagecp", ":".join(str(p) for p in classpath),
        f"-H:Class={attributes['Main-Class']}",
        f"-H:Name={translation.image_name}",
    ]
    Path(jvm_out).write_text("".join(a + "\n" for a in translation.jvm))
    Path(builder_out).write_text("".join(a + "\n" for a in translation.builder))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
