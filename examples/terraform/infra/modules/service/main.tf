variable "name" {
  type = string
}

variable "size" {
  type    = number
  default = 2
}

resource "terraform_data" "this" {
  input = {
    name = var.name
    size = var.size
  }
}
