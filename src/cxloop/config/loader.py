"""Reading ``cxloop.yaml``: every problem reported at once, each at its file, line and field.

A problem reads ``FILE:LINE: FIELD: what is wrong and how to fix it``. Lines come
from the composed YAML node tree, walked along each error's location: the
offending value's line, an unknown key's own line, and for a missing key the
line of the mapping that lacks it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError
from yaml.constructor import SafeConstructor

from cxloop.config._messages import explain
from cxloop.config._references import Loc, field_path, reference_problems
from cxloop.config.schema import WorkspaceConfig
from cxloop.errors import ConfigError

__all__ = [
    "CONFIG_FILENAME",
    "ConfigFileError",
    "ConfigProblem",
    "load_config",
    "load_workspace_config",
    "parse_config",
]

#: The file a workspace folder holds.
CONFIG_FILENAME = "cxloop.yaml"

_TOP = "(top)"
_FILE = "(file)"


@dataclass(frozen=True)
class ConfigProblem:
    """One problem in a configuration file. ``line`` is 1-based, ``None`` when there is no line."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}"


class ConfigFileError(ConfigError):
    """A ``cxloop.yaml`` that cannot be used; ``problems`` lists every problem found, in file order."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def _line_of(root: yaml.Node | None, loc: Loc, *, key_line: bool = False) -> int:
    """The 1-based line of the node at ``loc``; as far as the path exists, then the parent's line."""
    if root is None:
        return 1
    node = root
    for index, part in enumerate(loc):
        if isinstance(node, yaml.MappingNode):
            pair = None
            for key, value in node.value:  # the last duplicate wins, as in construction
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    pair = (key, value)
            if pair is None:
                break
            if key_line and index == len(loc) - 1:
                return int(pair[0].start_mark.line) + 1
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            break
    return int(node.start_mark.line) + 1


def _walk(root: yaml.Node) -> Iterator[tuple[Loc, yaml.Node]]:
    """Every node under ``root`` with its path, each node once (aliases may form cycles)."""
    seen: set[int] = set()
    stack: list[tuple[Loc, yaml.Node]] = [((), root)]
    while stack:
        loc, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield loc, node
        if isinstance(node, yaml.MappingNode):
            stack.extend(
                ((*loc, str(key.value)), value)
                for key, value in reversed(node.value)
                if isinstance(key, yaml.ScalarNode)
            )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(((*loc, index), item) for index, item in reversed(list(enumerate(node.value))))


def _duplicate_keys(file: str, root: yaml.Node) -> list[ConfigProblem]:
    problems = []
    for loc, node in _walk(root):
        if not isinstance(node, yaml.MappingNode):
            continue
        first: dict[str, int] = {}
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            line = int(key.start_mark.line) + 1
            if key.value in first:
                problems.append(
                    ConfigProblem(
                        file,
                        line,
                        field_path((*loc, key.value)),
                        f"key {key.value!r} appears twice here (first on line {first[key.value]}); "
                        "YAML would keep only the last one: remove or rename one",
                    )
                )
            else:
                first[key.value] = line
    return problems


def _char(character: object) -> str:
    return f"U+{character:04X}" if isinstance(character, int) else repr(character)


def _yaml_problem(file: str, text: str, exc: yaml.YAMLError) -> ConfigProblem:
    fix = "check the indentation, colons and quotes on this line and the one before"
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else 1
        what = exc.problem or exc.context or "cannot be read as YAML"
        if isinstance(exc, yaml.composer.ComposerError) and what.startswith("but found another document"):
            return ConfigProblem(
                file, line, "yaml", "a second YAML document starts here; the file holds one: remove the '---'"
            )
        if isinstance(exc, yaml.constructor.ConstructorError):
            return ConfigProblem(file, line, "yaml", f"{what}; write a plain value without a '!' tag")
        if exc.context and exc.problem and exc.context_mark is not None:
            what = f"{what} ({exc.context} on line {int(exc.context_mark.line) + 1})"
        return ConfigProblem(file, line, "yaml", f"{what}; {fix}")
    if isinstance(exc, yaml.reader.ReaderError):
        line = text[: exc.position].count("\n") + 1
        return ConfigProblem(
            file,
            line,
            "yaml",
            f"character {_char(exc.character)} is not allowed in YAML; delete or replace it",
        )
    return ConfigProblem(file, 1, "yaml", f"{exc}; {fix}")


def _unconstructible(file: str, root: yaml.Node, exc: Exception) -> ConfigProblem:
    """The scalar that PyYAML accepted but could not turn into a value (such as 2024-13-45)."""
    for loc, node in _walk(root):
        if isinstance(node, yaml.ScalarNode):
            try:
                SafeConstructor().construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, TypeError, OverflowError):
                return ConfigProblem(
                    file,
                    int(node.start_mark.line) + 1,
                    field_path(loc) or _TOP,
                    f"{node.value!r} cannot be read ({exc}); put it in quotes if it is meant as text",
                )
    return ConfigProblem(file, 1, "yaml", f"cannot be read as YAML: {exc}")


def _read_yaml(file: str, text: str) -> tuple[yaml.Node | None, object, list[ConfigProblem]]:
    try:
        loader = yaml.SafeLoader(text)
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        return None, None, [_yaml_problem(file, text, exc)]
    except RecursionError:
        return None, None, [ConfigProblem(file, 1, "yaml", "nesting is too deep; flatten the structure")]
    if root is None:
        return None, None, []
    try:
        data = loader.construct_document(root)
    except yaml.YAMLError as exc:
        return root, None, [_yaml_problem(file, text, exc)]
    except (ValueError, TypeError, OverflowError) as exc:
        return root, None, [_unconstructible(file, root, exc)]
    except RecursionError:
        return root, None, [ConfigProblem(file, 1, "yaml", "nesting is too deep; flatten the structure")]
    finally:
        loader.dispose()
    return root, data, _duplicate_keys(file, root)


def _validation_problems(
    file: str, root: yaml.Node | None, data: object
) -> tuple[WorkspaceConfig | None, list[ConfigProblem]]:
    try:
        return WorkspaceConfig.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    except RecursionError:
        return None, [ConfigProblem(file, 1, _TOP, "nesting is too deep; flatten the structure")]
    problems = []
    for error in errors:
        if error["type"] == "config_reference":
            continue  # reported below from the raw data, each at its own line
        loc: Loc = tuple(error["loc"])
        line = _line_of(root, loc, key_line=error["type"] == "extra_forbidden")
        problems.append(ConfigProblem(file, line, field_path(loc) or _TOP, explain(error)))
    problems.extend(
        ConfigProblem(file, _line_of(root, loc), field_path(loc), message) for loc, message in reference_problems(data)
    )
    if not problems:  # cannot happen while the model and the raw rules agree; never hide a failure
        problems = [ConfigProblem(file, 1, _TOP, str(error["msg"])) for error in errors]
    return None, problems


def parse_config(text: str, *, file: str = CONFIG_FILENAME) -> WorkspaceConfig:
    """Validate ``text`` as the contents of ``cxloop.yaml``; ``file`` names it in problems.

    Raises :class:`ConfigFileError` listing every problem, one per line.
    """
    root, data, problems = _read_yaml(file, text)
    if problems and data is None:
        raise ConfigFileError(problems)
    if root is None:
        raise ConfigFileError(
            [ConfigProblem(file, 1, _FILE, "the file is empty; start from the example that `cxloop init DIR` writes")]
        )
    config, more = _validation_problems(file, root, data)
    problems = sorted({*problems, *more}, key=lambda p: (p.line or 0, p.field, p.message))
    if problems or config is None:
        raise ConfigFileError(problems)
    return config


def load_config(path: Path) -> WorkspaceConfig:
    """Read and validate the configuration file at ``path``.

    Raises :class:`ConfigFileError` (a :class:`cxloop.errors.ConfigError`) listing every problem.
    """
    file = str(path)
    if path.is_dir():
        raise ConfigFileError([ConfigProblem(file, None, _FILE, f"is a folder; pass {path / CONFIG_FILENAME} instead")])
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        folder = path.parent
        raise ConfigFileError(
            [
                ConfigProblem(
                    file,
                    None,
                    _FILE,
                    f"not found: the folder {str(folder)!r} has no {path.name}; "
                    f"run `cxloop init {folder}` to create a workspace there",
                )
            ]
        ) from None
    except OSError as exc:
        raise ConfigFileError([ConfigProblem(file, None, _FILE, f"cannot be read: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigFileError(
            [ConfigProblem(file, line, _FILE, f"is not UTF-8 text (byte {raw[exc.start]:#04x}); save it as UTF-8")]
        ) from None
    return parse_config(text, file=file)


def load_workspace_config(folder: Path) -> WorkspaceConfig:
    """Read and validate ``folder/cxloop.yaml``.

    Raises :class:`ConfigFileError` when the folder has none, telling to run ``cxloop init``.
    """
    path = folder / CONFIG_FILENAME
    if not folder.is_dir():
        raise ConfigFileError(
            [
                ConfigProblem(
                    str(path),
                    None,
                    _FILE,
                    f"not found: the folder {str(folder)!r} does not exist or has no {CONFIG_FILENAME}; "
                    f"run `cxloop init {folder}` to create a workspace there",
                )
            ]
        )
    return load_config(path)
