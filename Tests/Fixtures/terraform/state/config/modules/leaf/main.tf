variable "owner" {
  type = string
}

resource "terraform_data" "marker" {
  input = "owned by ${var.owner}"
}
