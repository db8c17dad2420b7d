variable "replicas" {
  type    = number
  default = 3
}

variable "region" {
  type    = string
  default = "eu-west-1"
}
