import Foundation

/// Validates SARIF logs against the official JSON schema with Python's jsonschema.
public enum SARIFValidation {
  /// Runs the validation; status 0 means valid, otherwise stdout names the first error.
  public static func validate(_ sarif: String, schema: String) throws -> Shell.Result {
    let script = """
      import json, sys
      import jsonschema
      schema = json.load(open(sys.argv[1]))
      log = json.load(sys.stdin)
      validator = jsonschema.Draft7Validator(schema)
      errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
      for error in errors[:5]:
          print("/".join(map(str, error.path)), error.message)
      sys.exit(1 if errors else 0)
      """
    return try Shell.run(["python3", "-c", script, schema], stdin: sarif)
  }
}
