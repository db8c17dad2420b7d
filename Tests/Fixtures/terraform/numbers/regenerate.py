#!/usr/bin/env python3
"""Regenerates expectations.json: what Terraform prints for each number expression below.

Run from anywhere with terraform on PATH (offline is fine):
    python3 Tests/Fixtures/terraform/numbers/regenerate.py

Each case is `jsonencode` of its expression in `terraform console`, so the recorded text is
exactly what Terraform writes into a state or a JSON document; a case Terraform refuses is
recorded as an error.
"""
import json
import os
import subprocess
import tempfile

EXPRESSIONS = [
    # Literals: 512-bit mantissas read every digit.
    "9007199254740993", "12345678901234567890", "123456789012345678901234567890.5",
    "0.1", "1e-7", "1.5e3", "1e21", "1e300 * 1e300", "-0.0", "0.000001",
    # Arithmetic rounds at 512 bits, and prints the fewest digits that read back.
    "0.1 + 0.2", "0.1 + 0.2 + 0.3", "0.1 * 3", "1.1 * 1.1", "1 / 3", "2 / 3", "4 / 3",
    "2 / 3 * 3", "1 / 7 * 7", "10 / 4", "1e-20 + 1", "9007199254740993 + 1",
    "12345678901234567890 * 3", "-12345678901234567890 - 1", "5 % 3", "5.5 % 2", "-7 % 3",
    "7 % -3", "12345678901234567890 % 7", "1e30 / 7", "0.5 - 0.25", "3 - 0.1",
    "1 / 3 + length([1])", "length([1, 2, 3, 4]) / 3",
    # Functions Terraform computes with big floats.
    "floor(1e30 / 7)", "ceil(1e20 + 0.5)", "floor(-0.5)", "ceil(-0.5)", "abs(-1 / 3)",
    "max(1 / 3, 0.3)", "min(12345678901234567890, 12345678901234567891)",
    "sum([0.1, 0.2, 0.3])", "parseint(\"ffffffffffffffffffff\", 16)",
    "parseint(\"-777777777777777777777777\", 8)", "tonumber(\"0.1\") + tonumber(\"0.2\")",
    "tonumber(tostring(1 / 3)) * 3", "signum(-12345678901234567890)", "signum(0.5)",
    "signum(-3)", "0 * -1", "-0.0 + 0", "-(0.5 - 0.5)",
    # Functions Terraform computes with float64: 53 bits until arithmetic widens them.
    "pow(2, 100)", "pow(2, 100) + 0", "pow(2, 0.5)", "pow(2, 3) / 3", "log(8, 2)", "log(10, 3)",
    "pow(2, 62)", "pow(10, 22)",
    # Text of numbers.
    "tostring(1 / 3)", "tostring(12345678901234567890)", "\"${0.1 + 0.2}\"",
    "format(\"%d\", 12345678901234567890)", "format(\"%d\", -9223372036854775809)",
    "format(\"%x\", 12345678901234567890)", "format(\"%f\", 1 / 3)", "format(\"%.3f\", 2 / 3)",
    "format(\"%f\", 1e30)", "format(\"%.2f\", 0.125)", "format(\"%.2f\", 0.135)",
    "format(\"%.0f\", 2.5)", "format(\"%8.2f\", -1.5)", "format(\"%e\", 12345.678)",
    # Equality and keys by value.
    "9007199254740993 == 9007199254740992", "0.1 + 0.2 == 0.3", "1 / 3 * 3 == 1",
    "{ for n in [12345678901234567890, 9007199254740993] : tostring(n) => n }",
    "toset([9007199254740993, 9007199254740992, 0.1 + 0.2, 0.3])",
    "sort([tostring(12345678901234567890), \"9\"])", "range(0, 1, 0.25)", "range(0.1, 0.5, 0.1)",
]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    environment = dict(os.environ, TF_IN_AUTOMATION="1", CHECKPOINT_DISABLE="1",
                       TF_CLI_CONFIG_FILE="/dev/null")
    cases = []
    with tempfile.TemporaryDirectory() as folder:
        for expression in EXPRESSIONS:
            result = subprocess.run(["terraform", "console"], input=f"jsonencode({expression})",
                                    text=True, capture_output=True, cwd=folder, env=environment)
            if result.returncode == 0:
                cases.append({"expression": expression, "json": json.loads(result.stdout.strip())})
            else:
                cases.append({"expression": expression, "error": True})
    version = subprocess.run(["terraform", "version", "-json"], capture_output=True, text=True,
                             env=environment, check=True)
    document = {"terraform": json.loads(version.stdout)["terraform_version"], "cases": cases}
    with open(os.path.join(here, "expectations.json"), "w") as output:
        json.dump(document, output, indent=1, ensure_ascii=False)
        output.write("\n")


if __name__ == "__main__":
    main()
