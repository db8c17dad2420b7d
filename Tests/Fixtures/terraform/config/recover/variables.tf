variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "size" {
  type    = number
  default = 2
}

variable "password" {
  type      = string
  sensitive = true
  default   = "hunter2"
}
