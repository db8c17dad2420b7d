# Typed variables for the family `empty collections` of regenerate.py; their defaults are
# empty, so comparisons show the element type cty gives an empty collection.
variable "tags" {
  type    = map(string)
  default = {}
}

variable "numbers" {
  type    = map(number)
  default = {}
}

variable "anything" {
  type    = map(any)
  default = {}
}

variable "names" {
  type    = list(string)
  default = []
}

variable "ids" {
  type    = set(string)
  default = []
}

variable "rules" {
  type    = list(object({ port = number }))
  default = []
}
